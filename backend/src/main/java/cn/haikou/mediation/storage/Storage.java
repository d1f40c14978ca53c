package cn.haikou.mediation.storage;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import cn.haikou.mediation.storage.server.ServerClickHouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Opens the configured store and brings its schema up to date. The only place that knows which
 * transport exists; everything above receives a {@link ClickHouse}.
 */
public final class Storage {

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private Storage() {
    }

    /** An open store with migrations applied. */
    public record Opened(ClickHouse clickHouse, int schemaVersion) {
    }

    public static Opened open(AppConfig.ClickHouseConfig config) {
        String cluster = cluster(config);
        ClickHouse clickHouse = connect(config);
        try {
            List<Migrations.Migration> files = Migrations.fromClasspath(cluster != null ? "sql/cluster" : "sql");
            Map<String, String> placeholders = cluster != null ? Map.of("cluster", cluster) : Map.of();
            int version = new Migrations(clickHouse, files, placeholders).apply();
            return new Opened(clickHouse, version);
        } catch (RuntimeException e) {
            clickHouse.close();
            throw e;
        }
    }

    public static ClickHouse connect(AppConfig.ClickHouseConfig config) {
        QueryBounds bounds = new QueryBounds(config.maxExecutionSeconds(), config.maxMemoryBytes());
        if (config.embedded()) {
            return EmbeddedClickHouse.open(engineLibrary(config.engineLibrary()), config.dataPath(), config.database(),
                    config.poolSize(), bounds);
        }
        return ServerClickHouse.open(config.url(), config.user(), config.password(), config.database(), config.poolSize(), bounds,
                cluster(config));
    }

    /** The cluster name for ON CLUSTER DDL, or null on a single server; it goes into SQL text, so it is checked. */
    static String cluster(AppConfig.ClickHouseConfig config) {
        String c = config.cluster();
        if (c == null || c.isBlank()) {
            return null;
        }
        if (config.embedded()) {
            throw new IllegalArgumentException("clickhouse.cluster needs clickhouse.url: the embedded engine is not a cluster");
        }
        if (!CLUSTER_NAME.matcher(c).matches()) {
            throw new IllegalArgumentException("clickhouse.cluster must be a cluster name from remote_servers, got '" + c + "'");
        }
        return c;
    }

    /**
     * The engine library: as configured, else where {@code bin/fetch-engine} caches it
     * ({@code $CHDB_CACHE_DIR}, else {@code $XDG_CACHE_HOME/haikou-mediation/chdb}, else
     * {@code ~/.cache/haikou-mediation/chdb}, then {@code <version>/libchdb.so}).
     */
    public static Path engineLibrary(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cacheDir = System.getenv("CHDB_CACHE_DIR");
        Path root;
        if (cacheDir != null && !cacheDir.isBlank()) {
            root = Path.of(cacheDir);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            root = cache.resolve("haikou-mediation").resolve("chdb");
        }
        return root.resolve(engineVersion()).resolve("libchdb.so");
    }

    /** The pinned engine version, written into the jar by the build from the parent pom. */
    public static String engineVersion() {
        try (InputStream in = Storage.class.getResourceAsStream("/engine.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("chdb.version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("engine.properties is missing from the classpath", e));
        }
    }
}
