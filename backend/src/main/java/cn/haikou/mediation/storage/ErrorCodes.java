package cn.haikou.mediation.storage;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ClickHouse error codes this code base reacts to, and parsing of engine error texts. */
public final class ErrorCodes {

    public static final int SYNTAX_ERROR = 62;
    public static final int UNKNOWN_TABLE = 60;
    public static final int TOO_MANY_ROWS = 158;
    public static final int TIMEOUT_EXCEEDED = 159;
    public static final int TOO_MANY_ROWS_OR_BYTES = 396;
    public static final int MEMORY_LIMIT_EXCEEDED = 241;
    public static final int BAD_QUERY_PARAMETER = 457;

    private static final Set<Integer> LIMITS =
            Set.of(TOO_MANY_ROWS, TIMEOUT_EXCEEDED, MEMORY_LIMIT_EXCEEDED, TOO_MANY_ROWS_OR_BYTES);

    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)");

    private ErrorCodes() {
    }

    /** The first {@code Code: N} in an engine message, or {@link ClickHouseException#NO_CODE}. */
    public static int parse(String message) {
        if (message == null) {
            return ClickHouseException.NO_CODE;
        }
        Matcher m = CODE.matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : ClickHouseException.NO_CODE;
    }

    public static boolean isLimit(int code) {
        return LIMITS.contains(code);
    }
}
