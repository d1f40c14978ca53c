package cn.haikou.mediation.storage;

/**
 * An error reported by ClickHouse (either transport), carrying ClickHouse's numeric error code
 * so that callers can tell a bad query from an exhausted limit from a lost connection.
 */
public class ClickHouseException extends RuntimeException {

    /** Code used when the failure did not come from the engine itself (I/O, closed connection). */
    public static final int NO_CODE = -1;

    private final int code;

    public ClickHouseException(int code, String message) {
        super(message);
        this.code = code;
    }

    public ClickHouseException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** ClickHouse's error code (e.g. 62 syntax error, 159 timeout, 241 memory limit), or {@link #NO_CODE}. */
    public int code() {
        return code;
    }

    /**
     * Builds the most specific exception for an engine error text such as
     * {@code "Code: 159. DB::Exception: Timeout exceeded: ..."}.
     */
    public static ClickHouseException fromEngineMessage(String message) {
        int code = ErrorCodes.parse(message);
        if (ErrorCodes.isLimit(code)) {
            return new QueryLimitException(code, message);
        }
        return new ClickHouseException(code, message);
    }
}
