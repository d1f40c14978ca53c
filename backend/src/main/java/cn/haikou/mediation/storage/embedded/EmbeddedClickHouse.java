package cn.haikou.mediation.storage.embedded;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.ClickHouseException;
import cn.haikou.mediation.storage.ConnectionClosedException;
import cn.haikou.mediation.storage.Identifiers;
import cn.haikou.mediation.storage.InsertFormat;
import cn.haikou.mediation.storage.JsonEachRowResult;
import cn.haikou.mediation.storage.QueryBounds;
import cn.haikou.mediation.storage.QueryParams;
import cn.haikou.mediation.storage.QueryPriority;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.RowWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * ClickHouse in this process: chDB on a local data directory, through a small fixed pool of
 * connections (a connection runs one statement at a time; separate ones run in parallel).
 *
 * <p>All connections stay open for the life of the store: closing the last one shuts the engine
 * down for good in this process.
 */
public final class EmbeddedClickHouse implements ClickHouse {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    private static final long BORROW_TIMEOUT_SECONDS = 120;
    /**
     * Insert bytes are handed to chDB in pieces of this size: big enough to amortise the JNA call,
     * and under half a G1 region (1 MB on heaps under 2 GB). At 1 MB every insert's buffer was a
     * "humongous" object, and each started a concurrent GC cycle with a young pause: every 1-2 s
     * at 200 events/s (`-Xlog:gc` in the fan-out benchmark).
     */
    private static final int APPEND_CHUNK = 256 << 10;

    private final ChdbLibrary library;
    private final Path dataDir;
    private final String database;
    private final List<ChdbConnection> all = new ArrayList<>();
    private final BlockingQueue<ChdbConnection> idle;
    private volatile boolean closed;

    private EmbeddedClickHouse(ChdbLibrary library, Path dataDir, String database, int poolSize, QueryBounds bounds) {
        this.library = library;
        this.dataDir = dataDir;
        this.database = database;
        this.idle = new ArrayBlockingQueue<>(poolSize);
        List<String> arguments = new ArrayList<>();
        for (String[] setting : bounds.settings()) {
            arguments.add("--" + setting[0] + "=" + setting[1]);
        }
        try {
            for (int i = 0; i < poolSize; i++) {
                ChdbConnection connection = library.connect(dataDir, arguments);
                all.add(connection);
                if (i == 0) {
                    createDatabase(connection);
                }
                use(connection);
                idle.add(connection);
            }
        } catch (RuntimeException e) {
            all.forEach(ChdbConnection::close);
            throw e;
        }
    }

    /**
     * Opens the engine on {@code dataDir} (created if missing) with {@code poolSize} connections,
     * each using {@code database} as its default database.
     */
    public static EmbeddedClickHouse open(Path library, Path dataDir, String database, int poolSize, QueryBounds bounds) {
        Identifiers.require("database", database);
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        EmbeddedClickHouse store = new EmbeddedClickHouse(ChdbLibrary.load(library), dir, database, poolSize, bounds);
        LOG.info("embedded ClickHouse on {} (database {}, {} connections) open in {} ms", dir, database,
                poolSize, (System.nanoTime() - started) / 1_000_000);
        return store;
    }

    /**
     * Registers work that the process's shutdown hook runs while the engine is still open (stop
     * accepting work, flush what was acknowledged), before it closes every connection.
     */
    public void beforeEngineClose(Runnable task) {
        library.beforeEngineClose(task);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String transport() {
        return "embedded";
    }

    @Override
    public String serverVersion() {
        return library.version();
    }

    @Override
    public void execute(String sql, Map<String, ?> params) {
        Map<String, String> rendered = QueryParams.wire(params);
        ChdbConnection connection = borrow();
        try {
            connection.query(sql, rendered, "TabSeparated");
        } finally {
            release(connection);
        }
    }

    @Override
    public QueryResult query(String sql, Map<String, ?> params) {
        Map<String, String> rendered = QueryParams.wire(params);
        ChdbConnection connection = borrow();
        InputStream in;
        try {
            in = connection.streamQuery(sql, rendered, "JSONEachRow");
        } catch (ClickHouseException e) {
            if (!isNotStreamable(e)) {
                release(connection);
                throw e;
            }
            // A few statements (CHECK TABLE, some SHOW/SYSTEM forms) only run unstreamed.
            try {
                in = new ByteArrayInputStream(connection.query(sql, rendered, "JSONEachRow"));
            } catch (RuntimeException again) {
                release(connection);
                throw again;
            }
        } catch (RuntimeException e) {
            release(connection);
            throw e;
        }
        return new JsonEachRowResult(in, () -> release(connection));
    }

    private static boolean isNotStreamable(ClickHouseException e) {
        return e.getMessage() != null && e.getMessage().contains("Streaming query is not supported");
    }

    @Override
    public void insert(String table, List<String> columns, InsertFormat format, RowWriter writer) {
        // chDB appends " FORMAT ..." to the statement, after the settings
        String target = Identifiers.insertTarget(table, columns) + " " + QueryPriority.clause(QueryPriority.WRITES);
        ChdbConnection connection = borrow();
        try {
            connection.insert(target, format.clickHouseName(), sink -> {
                try (AppendingOutputStream out = new AppendingOutputStream(sink, APPEND_CHUNK)) {
                    writer.write(out);
                }
            });
        } catch (IOException e) {
            throw new ClickHouseException(ClickHouseException.NO_CODE, "insert into " + table + " failed: " + e.getMessage(), e);
        } finally {
            release(connection);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ChdbConnection connection : all) {
            connection.close();
        }
        LOG.info("embedded ClickHouse on {} closed", dataDir);
    }

    private ChdbConnection borrow() {
        if (closed) {
            throw new ConnectionClosedException("the embedded ClickHouse store is closed");
        }
        try {
            ChdbConnection connection = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (connection == null) {
                throw new ClickHouseException(ClickHouseException.NO_CODE,
                        "no embedded ClickHouse connection free after " + BORROW_TIMEOUT_SECONDS + " s");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException(ClickHouseException.NO_CODE, "interrupted while waiting for a connection", e);
        }
    }

    private void release(ChdbConnection connection) {
        if (!connection.isClosed()) {
            idle.offer(connection);
        }
    }

    private void createDatabase(ChdbConnection connection) {
        connection.query("CREATE DATABASE IF NOT EXISTS " + database, Map.of(), "TabSeparated");
    }

    private void use(ChdbConnection connection) {
        connection.query("USE " + database, Map.of(), "TabSeparated");
    }
}
