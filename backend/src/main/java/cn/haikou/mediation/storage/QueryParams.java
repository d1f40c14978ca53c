package cn.haikou.mediation.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders Java values as the text ClickHouse parses for a query parameter of the declared type
 * ({@code {name:Type}} in the statement). The value is data: ClickHouse parses it against the type
 * and refuses what does not fit (code 457), so it can never change the statement.
 *
 * <ul>
 *   <li>{@link Instant}: {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, for {@code DateTime64(3,'UTC')};</li>
 *   <li>{@link Collection}: an array literal {@code ['a','b']} with quotes and backslashes escaped;</li>
 *   <li>everything else: {@code toString()}.</li>
 * </ul>
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static Map<String, String> render(Map<String, ?> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> out.put(name, render(value)));
        return out;
    }

    public static String render(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("query parameters cannot be null; filter in SQL instead");
        }
        if (value instanceof Instant instant) {
            return ClickHouseTime.formatUtc(instant);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof Collection<?> items) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : items) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                if (item instanceof Number) {
                    sb.append(item);
                } else {
                    quoteLiteral(render(item), sb);
                }
            }
            return sb.append(']').toString();
        }
        return value.toString();
    }

    private static void quoteLiteral(String text, StringBuilder sb) {
        sb.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('\'');
    }
}
