package cn.haikou.mediation.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the ordered, versioned SQL files of {@code sql/} (or {@code sql/cluster/}) and records
 * each in {@code schema_migrations} with its checksum. Re-running is a no-op; a file edited after
 * it was applied stops start-up, because the database no longer matches what the file says.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*$", Pattern.MULTILINE);

    /** One migration file. */
    public record Migration(int version, String name, String sql, String checksum) {
    }

    private final ClickHouse clickHouse;
    private final List<Migration> migrations;
    private final Map<String, String> placeholders;

    public Migrations(ClickHouse clickHouse, List<Migration> migrations, Map<String, String> placeholders) {
        this.clickHouse = clickHouse;
        this.migrations = List.copyOf(migrations);
        this.placeholders = Map.copyOf(placeholders);
    }

    /** The migrations packaged under {@code resourceDir} on the classpath (e.g. {@code sql}). */
    public static List<Migration> fromClasspath(String resourceDir) {
        URL url = Migrations.class.getClassLoader().getResource(resourceDir);
        if (url == null) {
            throw new IllegalStateException("no migrations at classpath:" + resourceDir);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fromDirectory(fs.getPath(resourceDir));
            }
            return fromDirectory(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list migrations at " + url, e);
        }
    }

    /** The migrations in a directory, ordered by version; subdirectories are not read. */
    public static List<Migration> fromDirectory(Path dir) throws IOException {
        TreeMap<Integer, Migration> byVersion = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (Files.isDirectory(file) || !fileName.endsWith(".sql")) {
                    continue;
                }
                Matcher m = FILE_NAME.matcher(fileName);
                if (!m.matches()) {
                    throw new IllegalStateException("migration file " + fileName + " is not named V<number>__<name>.sql");
                }
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                Migration migration = new Migration(Integer.parseInt(m.group(1)), fileName, sql, sha256(sql));
                Migration clash = byVersion.put(migration.version(), migration);
                if (clash != null) {
                    throw new IllegalStateException("two migrations have version " + migration.version() + ": "
                            + clash.name() + " and " + fileName);
                }
            }
        }
        return new ArrayList<>(byVersion.values());
    }

    /** Applies what is missing; returns the schema version now in force. */
    public int apply() {
        clickHouse.execute(createMigrationsTable(placeholders.get("cluster")));
        Map<Integer, Row> applied = new TreeMap<>();
        try (QueryResult rows = clickHouse.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
            for (Row row : rows) {
                applied.put(row.getInt("version"), row);
            }
        }
        int current = 0;
        for (Migration migration : migrations) {
            Row done = applied.get(migration.version());
            if (done != null) {
                if (!done.getString("checksum").equals(migration.checksum())) {
                    throw new MigrationException("migration " + migration.name() + " was changed after it was applied"
                            + " (applied checksum " + done.getString("checksum") + ", file now " + migration.checksum()
                            + "); restore the file and put the change in a new migration");
                }
            } else {
                run(migration);
            }
            current = migration.version();
        }
        for (Integer version : applied.keySet()) {
            if (migrations.stream().noneMatch(m -> m.version() == version)) {
                throw new MigrationException("the database has migration " + version + " (" + applied.get(version).getString("name")
                        + "), which this build does not know: it was written by a newer version of the server");
            }
        }
        return current;
    }

    /** On a cluster the record of applied migrations must be the same on every node a server may reach. */
    static String createMigrationsTable(String cluster) {
        String columns = "(version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))";
        if (cluster == null || cluster.isBlank()) {
            return "CREATE TABLE IF NOT EXISTS schema_migrations " + columns + " ENGINE = MergeTree ORDER BY version";
        }
        return "CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER '" + cluster + "' " + columns
                + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/{database}/schema_migrations', '{replica}') ORDER BY version";
    }

    private void run(Migration migration) {
        long started = System.nanoTime();
        String sql = migration.sql();
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            sql = sql.replace("${" + p.getKey() + "}", p.getValue());
        }
        int statements = 0;
        for (String statement : STATEMENT_END.split(sql)) {
            if (stripComments(statement).isBlank()) {
                continue;
            }
            try {
                clickHouse.execute(statement);
            } catch (ClickHouseException e) {
                throw new MigrationException("migration " + migration.name() + " failed at statement " + (statements + 1)
                        + ": " + e.getMessage(), e);
            }
            statements++;
        }
        clickHouse.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                        + " VALUES ({version:UInt32}, {name:String}, {checksum:String}, {at:DateTime64(3, 'UTC')})",
                Map.of("version", migration.version(), "name", migration.name(), "checksum", migration.checksum(),
                        "at", Instant.now()));
        LOG.info("applied migration {} ({} statements) in {} ms", migration.name(), statements,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static String stripComments(String statement) {
        return statement.replaceAll("(?m)--.*$", "");
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Start-up must stop: the schema and the migration files disagree. */
    public static final class MigrationException extends RuntimeException {
        public MigrationException(String message) {
            super(message);
        }

        public MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
