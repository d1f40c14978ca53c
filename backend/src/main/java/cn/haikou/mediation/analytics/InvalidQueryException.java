package cn.haikou.mediation.analytics;

/**
 * A request the analytics API refuses, naming the offending parameter. The routes answer it with
 * a 400 problem response; nothing about it is logged as a server error.
 */
public final class InvalidQueryException extends RuntimeException {

    private final String field;
    private final String code;

    public InvalidQueryException(String field, String code, String message) {
        super(message, null, false, false);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
