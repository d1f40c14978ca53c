package cn.haikou.mediation.storage.server;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.QueryBounds;

/** ClickHouse server transport (being written: client-v2). */
public final class ServerClickHouse {
    private ServerClickHouse() {
    }

    public static ClickHouse open(String url, String user, String password, String database, int poolSize, QueryBounds bounds) {
        throw new UnsupportedOperationException("server transport not written yet");
    }
}
