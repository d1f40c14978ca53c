package cn.haikou.mediation.storage.embedded;

import cn.haikou.mediation.storage.ClickHouseException;
import cn.haikou.mediation.storage.ConnectionClosedException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

/**
 * One chDB connection. It runs one statement at a time (the pool hands it to one borrower), and a
 * read/write guard makes use after close an exception instead of a SIGSEGV in libchdb (rule 3):
 * statements hold the read side for as long as they touch native memory, close takes the write side.
 *
 * <p>A {@link StampedLock} rather than a ReentrantReadWriteLock because a streamed result may be
 * released by a different thread from the one that opened it.
 */
final class ChdbConnection implements AutoCloseable {

    /** Waiting longer than the longest permitted statement means a result was abandoned open. */
    private static final long CLOSE_WAIT_SECONDS = 120;

    private final ChdbLibrary library;
    private final LibChdb api;
    private final Pointer holder;
    private final Pointer conn;
    private final Path dataDir;
    private final StampedLock guard = new StampedLock();
    private volatile boolean closed;

    ChdbConnection(ChdbLibrary library, Pointer holder, Path dataDir) {
        this.library = library;
        this.dataDir = dataDir;
        this.api = library.api();
        this.holder = holder;
        this.conn = holder.getPointer(0);
    }

    /** Runs a statement and returns its whole result in {@code format}. */
    byte[] query(String sql, Map<String, String> params, String format) {
        long stamp = enter();
        try {
            Pointer result = runQuery(sql, params, format, false);
            try {
                String error = api.chdb_result_error(result);
                if (error != null) {
                    throw ClickHouseException.fromEngineMessage(error);
                }
                long length = api.chdb_result_length(result);
                return length == 0 ? new byte[0] : api.chdb_result_buffer(result).getByteArray(0, Math.toIntExact(length));
            } finally {
                api.chdb_destroy_query_result(result);
            }
        } finally {
            guard.unlockRead(stamp);
        }
    }

    /**
     * Starts a streamed query; the returned stream yields the result's bytes chunk by chunk and
     * keeps this connection entered until it is closed.
     */
    InputStream streamQuery(String sql, Map<String, String> params, String format) {
        long stamp = enter();
        Pointer stream;
        try {
            stream = runQuery(sql, params, format, true);
            String error = api.chdb_result_error(stream);
            if (error != null) {
                api.chdb_destroy_query_result(stream);
                throw ClickHouseException.fromEngineMessage(error);
            }
        } catch (RuntimeException e) {
            guard.unlockRead(stamp);
            throw e;
        }
        return new ChunkStream(stream, stamp);
    }

    /** Streams {@code writer}'s bytes into {@code INSERT INTO table FORMAT format} and commits. */
    void insert(String table, String format, ChdbInsertWriter writer) throws IOException {
        long stamp = enter();
        try {
            byte[] q = ("INSERT INTO " + table).getBytes(StandardCharsets.UTF_8);
            byte[] f = format.getBytes(StandardCharsets.UTF_8);
            Pointer stream = api.chdb_stream_insert_n(conn, q, q.length, f, f.length);
            if (stream == null) {
                throw new ClickHouseException(ClickHouseException.NO_CODE, "chDB refused to open an insert into " + table);
            }
            try {
                String openError = api.chdb_stream_insert_error(stream);
                if (openError != null) {
                    throw ClickHouseException.fromEngineMessage(openError);
                }
                writer.writeTo((data, length) -> {
                    if (api.chdb_stream_append(stream, data, length) != 0) {
                        String error = api.chdb_stream_insert_error(stream);
                        throw ClickHouseException.fromEngineMessage(error == null ? "insert into " + table + " failed" : error);
                    }
                });
                Pointer result = api.chdb_stream_done(stream);
                try {
                    String error = result == null ? api.chdb_stream_insert_error(stream) : api.chdb_result_error(result);
                    if (error != null) {
                        throw ClickHouseException.fromEngineMessage(error);
                    }
                } finally {
                    if (result != null) {
                        api.chdb_destroy_query_result(result);
                    }
                }
            } finally {
                api.chdb_destroy_insert_stream(stream);
            }
        } finally {
            guard.unlockRead(stamp);
        }
    }

    Path dataDir() {
        return dataDir;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long stamp;
        try {
            stamp = guard.tryWriteLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stamp = 0;
        }
        try {
            api.chdb_close_conn(holder);
        } finally {
            if (stamp != 0) {
                guard.unlockWrite(stamp);
            }
            library.forget(this);
        }
    }

    private long enter() {
        if (closed) {
            throw new ConnectionClosedException("the embedded ClickHouse connection is closed");
        }
        long stamp = guard.readLock();
        if (closed) {
            guard.unlockRead(stamp);
            throw new ConnectionClosedException("the embedded ClickHouse connection is closed");
        }
        return stamp;
    }

    /** Always the {@code _with_params_n} form: it takes explicit lengths, so text passes byte for byte. */
    private Pointer runQuery(String sql, Map<String, String> params, String format, boolean streaming) {
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        byte[] f = format.getBytes(StandardCharsets.UTF_8);
        NativeParams p = NativeParams.of(params);
        Pointer result = streaming
                ? api.chdb_stream_query_with_params_n(conn, q, q.length, f, f.length,
                        p.names, p.nameLengths, p.values, p.valueLengths, p.count)
                : api.chdb_query_with_params_n(conn, q, q.length, f, f.length,
                        p.names, p.nameLengths, p.values, p.valueLengths, p.count);
        if (result == null) {
            throw new ClickHouseException(ClickHouseException.NO_CODE, "chDB returned no result for: " + abbreviate(sql));
        }
        return result;
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }

    /** Native arrays of parameter names and values (already in wire form, QueryParams.wire) with explicit lengths. */
    private static final class NativeParams {
        final Pointer names;
        final Pointer nameLengths;
        final Pointer values;
        final Pointer valueLengths;
        final long count;
        // Keep the backing memory reachable until the call returns.
        @SuppressWarnings("unused")
        private final Memory[] keep;

        private NativeParams(Pointer names, Pointer nameLengths, Pointer values, Pointer valueLengths, long count, Memory[] keep) {
            this.names = names;
            this.nameLengths = nameLengths;
            this.values = values;
            this.valueLengths = valueLengths;
            this.count = count;
            this.keep = keep;
        }

        static NativeParams of(Map<String, String> params) {
            int n = params.size();
            if (n == 0) {
                return new NativeParams(null, null, null, null, 0, new Memory[0]);
            }
            Memory names = new Memory((long) Native.POINTER_SIZE * n);
            Memory values = new Memory((long) Native.POINTER_SIZE * n);
            Memory nameLengths = new Memory(8L * n);
            Memory valueLengths = new Memory(8L * n);
            Memory[] keep = new Memory[2 * n + 4];
            keep[0] = names;
            keep[1] = values;
            keep[2] = nameLengths;
            keep[3] = valueLengths;
            int i = 0;
            for (Map.Entry<String, String> e : params.entrySet()) {
                Memory name = bytes(e.getKey().getBytes(StandardCharsets.UTF_8));
                Memory value = bytes(e.getValue().getBytes(StandardCharsets.UTF_8));
                names.setPointer((long) Native.POINTER_SIZE * i, name);
                values.setPointer((long) Native.POINTER_SIZE * i, value);
                nameLengths.setLong(8L * i, name.size() - 1);
                valueLengths.setLong(8L * i, value.size() - 1);
                keep[4 + 2 * i] = name;
                keep[5 + 2 * i] = value;
                i++;
            }
            return new NativeParams(names, nameLengths, values, valueLengths, n, keep);
        }

        /** Copies to native memory with a trailing NUL (Memory cannot be empty); the length excludes it. */
        private static Memory bytes(byte[] data) {
            Memory m = new Memory(data.length + 1L);
            m.write(0, data, 0, data.length);
            m.setByte(data.length, (byte) 0);
            return m;
        }
    }

    /** The chunks of a streamed result as one InputStream. */
    private final class ChunkStream extends InputStream {
        private final Pointer stream;
        private final long stamp;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean finished;
        private boolean released;

        ChunkStream(Pointer stream, long stamp) {
            this.stream = stream;
            this.stamp = stamp;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position >= chunk.length) {
                if (finished || !fetch()) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fetch() throws IOException {
            if (released || closed) {
                throw new IOException(new ConnectionClosedException("the result was closed"));
            }
            Pointer result = api.chdb_stream_fetch_result(conn, stream);
            if (result == null) {
                finished = true;
                return false;
            }
            try {
                String error = api.chdb_result_error(result);
                if (error != null) {
                    finished = true;
                    throw new IOException(error, ClickHouseException.fromEngineMessage(error));
                }
                long length = api.chdb_result_length(result);
                if (length == 0) {
                    finished = true;
                    return false;
                }
                chunk = api.chdb_result_buffer(result).getByteArray(0, Math.toIntExact(length));
                position = 0;
                return true;
            } finally {
                api.chdb_destroy_query_result(result);
            }
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                if (!finished && !closed) {
                    api.chdb_stream_cancel_query(conn, stream);
                }
                api.chdb_destroy_query_result(stream);
            } finally {
                guard.unlockRead(stamp);
            }
        }
    }
}
