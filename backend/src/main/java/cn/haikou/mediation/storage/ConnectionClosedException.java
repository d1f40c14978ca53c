package cn.haikou.mediation.storage;

/** A statement was attempted on a connection or store that has been closed. */
public class ConnectionClosedException extends ClickHouseException {

    public ConnectionClosedException(String message) {
        super(NO_CODE, message);
    }
}
