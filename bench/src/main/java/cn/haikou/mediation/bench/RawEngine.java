package cn.haikou.mediation.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * chDB's C API called directly, with nothing of this project's transport in between: the
 * baseline the transport and the ingest path are measured against. Loaded after the server's own
 * binding, so the engine's signal handlers are already off.
 */
final class RawEngine implements AutoCloseable {

    interface Api extends Library {
        Pointer chdb_connect(int argc, String[] argv);

        void chdb_close_conn(Pointer holder);

        Pointer chdb_query_n(Pointer conn, byte[] q, long ql, byte[] f, long fl);

        String chdb_result_error(Pointer result);

        void chdb_destroy_query_result(Pointer result);

        Pointer chdb_stream_insert_n(Pointer conn, byte[] q, long ql, byte[] f, long fl);

        int chdb_stream_append(Pointer stream, byte[] data, long length);

        Pointer chdb_stream_done(Pointer stream);

        String chdb_stream_insert_error(Pointer stream);

        void chdb_destroy_insert_stream(Pointer stream);
    }

    private final Api api;
    private final Pointer holder;
    private final Pointer conn;

    RawEngine(Path library, Path dataDir, String database) {
        this.api = Native.load(library.toString(), Api.class);
        // The same engine settings the product's connections carry, so that only the transport differs.
        java.util.List<String> argv = new java.util.ArrayList<>(List.of("clickhouse", "--path=" + dataDir.toAbsolutePath().normalize()));
        for (String[] setting : cn.haikou.mediation.storage.QueryBounds.DEFAULT.settings()) {
            argv.add("--" + setting[0] + "=" + setting[1]);
        }
        this.holder = api.chdb_connect(argv.size(), argv.toArray(String[]::new));
        if (holder == null) {
            throw new IllegalStateException("raw connect failed");
        }
        this.conn = holder.getPointer(0);
        run("USE " + database);
    }

    void run(String sql) {
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        byte[] f = "TabSeparated".getBytes(StandardCharsets.UTF_8);
        Pointer r = api.chdb_query_n(conn, q, q.length, f, f.length);
        String error = api.chdb_result_error(r);
        api.chdb_destroy_query_result(r);
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    /** One streaming insert of {@code pieces} (bytes in {@code format}) into {@code target}, e.g. {@code t (a, b)}. */
    void insert(String target, String format, List<byte[]> pieces) {
        byte[] q = ("INSERT INTO " + target).getBytes(StandardCharsets.UTF_8);
        byte[] f = format.getBytes(StandardCharsets.UTF_8);
        Pointer stream = api.chdb_stream_insert_n(conn, q, q.length, f, f.length);
        try {
            for (byte[] piece : pieces) {
                if (api.chdb_stream_append(stream, piece, piece.length) != 0) {
                    throw new IllegalStateException(api.chdb_stream_insert_error(stream));
                }
            }
            Pointer r = api.chdb_stream_done(stream);
            String error = r == null ? api.chdb_stream_insert_error(stream) : api.chdb_result_error(r);
            if (r != null) {
                api.chdb_destroy_query_result(r);
            }
            if (error != null) {
                throw new IllegalStateException(error);
            }
        } finally {
            api.chdb_destroy_insert_stream(stream);
        }
    }

    /** The insert target of the event write path: case_events with the write path's column list. */
    static String eventsTarget() {
        return cn.haikou.mediation.storage.Identifiers.insertTarget("case_events", cn.haikou.mediation.ingest.EventStore.columns());
    }

    /** Splits bytes into 1 MiB pieces, as the transport appends them. */
    static List<byte[]> pieces(byte[] data) {
        int size = 1 << 20;
        java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < data.length; i += size) {
            out.add(java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + size)));
        }
        return out;
    }

    @Override
    public void close() {
        api.chdb_close_conn(holder);
    }
}
