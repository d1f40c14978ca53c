package cn.haikou.mediation.ingest;

/**
 * An event refused by validation: which field, a stable code, and a message a person understands.
 * Expected in normal operation, so it carries no stack trace.
 */
public final class InvalidEventException extends Exception {

    private final String field;
    private final String code;

    public InvalidEventException(String field, String code, String message) {
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
