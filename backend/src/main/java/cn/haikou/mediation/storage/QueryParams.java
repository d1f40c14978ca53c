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

    /**
     * The parameters as both transports send them. ClickHouse reads a scalar parameter as
     * TSV-escaped text, so a raw backslash, tab or newline would otherwise be taken as an escape or
     * a field end; an array is read as an array literal, whose own quoting already escapes it, so
     * escaping it again would corrupt it.
     */
    public static Map<String, String> wire(Map<String, ?> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            String text = render(value);
            out.put(name, value instanceof Collection<?> ? text : escapeTsv(text));
        });
        return out;
    }

    static String escapeTsv(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
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
