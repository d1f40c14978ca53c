package cn.haikou.mediation.storage.embedded;

import cn.haikou.mediation.storage.ClickHouseException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide handle on libchdb: loaded once, with the engine's signal handlers switched off
 * and one shutdown hook that closes every connection before the JVM exits.
 *
 * <p>Both are crash fixes (see shared/design/embedded-clickhouse.md): chDB's own SIGSEGV handler
 * replaces the JVM's, which uses SIGSEGV for null checks (rule 1); exiting with a connection open
 * crashes in libchdb's exit-time cleanup on every exit path (rule 2).
 */
final class ChdbLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(ChdbLibrary.class);

    private static ChdbLibrary instance;

    private final Path path;
    private final LibChdb api;
    private final Set<ChdbConnection> open = ConcurrentHashMap.newKeySet();
    private final List<Runnable> beforeEngineClose = new CopyOnWriteArrayList<>();

    private ChdbLibrary(Path path) {
        this.path = path;
        StandardInput.detach();
        this.api = Native.load(path.toString(), LibChdb.class);
        api.chdb_set_signal_handlers_enabled(0);
        Thread hook = new Thread(this::closeEverything, "chdb-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Loads the library once per process; later calls must name the same file. */
    static synchronized ChdbLibrary load(Path path) {
        Path real = path.toAbsolutePath().normalize();
        if (instance == null) {
            if (!Files.isRegularFile(real)) {
                throw new ClickHouseException(ClickHouseException.NO_CODE,
                        "the embedded ClickHouse engine is not at " + real
                                + "; run bin/fetch-engine (the Maven build runs it) or set CHDB_LIBRARY");
            }
            long started = System.nanoTime();
            instance = new ChdbLibrary(real);
            LOG.info("loaded chDB {} from {} in {} ms", instance.version(), real, (System.nanoTime() - started) / 1_000_000);
        } else if (!instance.path.equals(real)) {
            throw new IllegalStateException("libchdb is already loaded from " + instance.path + ", not " + real);
        }
        return instance;
    }

    String version() {
        return api.chdb_version();
    }

    LibChdb api() {
        return api;
    }

    /**
     * Opens a connection on {@code dataDir}. {@code arguments} are clickhouse-local command-line
     * options (e.g. {@code --max_execution_time=60}) that become the connection's defaults.
     */
    ChdbConnection connect(Path dataDir, List<String> arguments) {
        Path dir = dataDir.toAbsolutePath().normalize();
        synchronized (open) {
            Path current = open.stream().map(ChdbConnection::dataDir).findFirst().orElse(null);
            if (current != null && !current.equals(dir)) {
                throw new ClickHouseException(ClickHouseException.NO_CODE, "the embedded engine in this process already serves "
                        + current + "; it serves one data directory per process, so " + dir + " cannot be opened too");
            }
            ChdbConnection connection = open(dir, arguments);
            open.add(connection);
            return connection;
        }
    }

    private ChdbConnection open(Path dataDir, List<String> arguments) {
        List<String> argv = new ArrayList<>();
        argv.add("clickhouse");
        argv.add("--path=" + dataDir);
        argv.addAll(arguments);
        Pointer holder = api.chdb_connect(argv.size(), argv.toArray(String[]::new));
        if (holder == null || holder.getPointer(0) == null) {
            throw new ClickHouseException(ClickHouseException.NO_CODE,
                    "cannot open the embedded ClickHouse engine on " + dataDir
                            + ": the directory is in use by another process, or is not writable"
                            + " (one process per data directory; stop the other server or set DATA_DIR)");
        }
        return new ChdbConnection(this, holder, dataDir);
    }

    void forget(ChdbConnection connection) {
        open.remove(connection);
    }

    /**
     * Registers work to run in the shutdown hook before connections close, so that an orderly
     * shutdown (stop taking requests, flush acknowledged writes) can finish while the engine is up.
     */
    void beforeEngineClose(Runnable task) {
        beforeEngineClose.add(task);
    }

    private void closeEverything() {
        for (Runnable task : beforeEngineClose) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("shutdown task failed: {}", e.toString());
            }
        }
        for (ChdbConnection connection : List.copyOf(open)) {
            connection.close();
        }
    }
}
