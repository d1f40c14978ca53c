package cn.haikou.mediation.storage;

/**
 * A statement stopped by one of the bounds every query carries (time, memory, rows to read or
 * return). The connection that ran it stays usable.
 */
public class QueryLimitException extends ClickHouseException {

    public QueryLimitException(int code, String message) {
        super(code, message);
    }
}
