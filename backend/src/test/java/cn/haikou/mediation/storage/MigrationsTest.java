package cn.haikou.mediation.storage;

import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Schema migrations")
class MigrationsTest {

    @TempDir
    static Path data;

    /** Each test gets its own database, so each has its own schema_migrations. */
    private EmbeddedClickHouse store;

    @BeforeEach
    void open(TestInfo test) {
        String database = "m_" + test.getTestMethod().orElseThrow().getName();
        store = EmbeddedClickHouse.open(Storage.engineLibrary(""), data.resolve("engine"), database, 2, QueryBounds.DEFAULT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("a fresh database gets every migration, a restart applies nothing, an edited migration is refused")
    void freshRestartEdited(@TempDir Path dir) throws IOException {
        store.execute("CREATE DATABASE IF NOT EXISTS m1");
        Files.writeString(dir.resolve("V001__first.sql"), """
                -- a table and a row, so that running twice would show
                CREATE TABLE IF NOT EXISTS m1.runs (n UInt8) ENGINE = MergeTree ORDER BY n;
                INSERT INTO m1.runs VALUES (1);
                """);
        Files.writeString(dir.resolve("V002__second.sql"), "CREATE TABLE IF NOT EXISTS m1.other (s String) ENGINE = MergeTree ORDER BY s;\n");

        List<Migrations.Migration> files = Migrations.fromDirectory(dir);
        assertThat(files).extracting(Migrations.Migration::version).containsExactly(1, 2);

        assertThat(new Migrations(store, files, Map.of()).apply()).isEqualTo(2);
        assertThat(count("SELECT count() AS n FROM m1.runs")).isEqualTo(1);
        assertThat(count("SELECT count() AS n FROM schema_migrations WHERE name LIKE 'V00%'")).isEqualTo(2);

        // restart: same files, nothing runs again
        assertThat(new Migrations(store, Migrations.fromDirectory(dir), Map.of()).apply()).isEqualTo(2);
        assertThat(count("SELECT count() AS n FROM m1.runs")).isEqualTo(1);
        assertThat(count("SELECT count() AS n FROM schema_migrations WHERE name LIKE 'V00%'")).isEqualTo(2);

        // an applied migration edited afterwards stops start-up, naming the file
        Files.writeString(dir.resolve("V001__first.sql"), "CREATE TABLE IF NOT EXISTS m1.runs (n UInt16) ENGINE = MergeTree ORDER BY n;\n");
        assertThatThrownBy(() -> new Migrations(store, Migrations.fromDirectory(dir), Map.of()).apply())
                .isInstanceOf(Migrations.MigrationException.class)
                .hasMessageContaining("V001__first.sql was changed after it was applied");
        assertThat(count("SELECT count() AS n FROM m1.runs")).isEqualTo(1);
    }

    @Test
    @DisplayName("the product's own migrations apply on a fresh database and re-apply as a no-op")
    void productMigrations() {
        List<Migrations.Migration> files = Migrations.fromClasspath("sql");
        int version = new Migrations(store, files, Map.of()).apply();
        assertThat(version).isEqualTo(files.get(files.size() - 1).version());
        long applied = count("SELECT count() AS n FROM schema_migrations WHERE name LIKE '%case_events%'");
        assertThat(new Migrations(store, files, Map.of()).apply()).isEqualTo(version);
        assertThat(count("SELECT count() AS n FROM schema_migrations WHERE name LIKE '%case_events%'")).isEqualTo(applied).isEqualTo(1);
        assertThat(count("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name IN "
                + "('case_events', 'case_state_agg', 'case_state', 'events_by_minute', 'events_by_day')")).isEqualTo(5);
    }

    @Test
    @DisplayName("every table an event insert writes (the events and each view's target) merges with merge_selector_base 20")
    void insertTargetsMergeWithWideBase() {
        new Migrations(store, Migrations.fromClasspath("sql"), Map.of()).apply();
        // the tables a materialized view writes to, found from the views, so that a new view's table is checked too
        List<String> views = store.query("SELECT arrayJoin(dependencies_table) AS t FROM system.tables "
                + "WHERE database = currentDatabase() AND name = 'case_events'").toList().stream()
                .map(r -> r.getString("t")).toList();
        assertThat(views).as("case_events' views").hasSizeGreaterThanOrEqualTo(6);
        List<String> viewTargets = new ArrayList<>(List.of("case_events"));
        for (String view : views) {
            String create = store.query("SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() "
                    + "AND name = {v:String}", Map.of("v", view)).single().getString("q");
            Matcher m = Pattern.compile("\\bTO\\s+(?:\\w+\\.)?(\\w+)").matcher(create);
            assertThat(m.find()).as("view %s writes to a table", view).isTrue();
            viewTargets.add(m.group(1));
        }
        for (String table : viewTargets) {
            String engine = store.query("SELECT engine_full AS e FROM system.tables WHERE database = currentDatabase() AND name = {t:String}",
                    Map.of("t", table)).single().getString("e");
            assertThat(engine).as(table).contains("merge_selector_base = 20");
        }
    }

    @Test
    @DisplayName("a database written by a newer server (an unknown migration) is refused")
    void unknownMigrationRefused(@TempDir Path dir) throws IOException {
        store.execute("CREATE DATABASE IF NOT EXISTS m3");
        Files.writeString(dir.resolve("V001__a.sql"), "CREATE TABLE IF NOT EXISTS m3.a (n UInt8) ENGINE = MergeTree ORDER BY n;\n");
        Files.writeString(dir.resolve("V900__future.sql"), "CREATE TABLE IF NOT EXISTS m3.b (n UInt8) ENGINE = MergeTree ORDER BY n;\n");
        new Migrations(store, Migrations.fromDirectory(dir), Map.of()).apply();
        Files.delete(dir.resolve("V900__future.sql"));
        assertThatThrownBy(() -> new Migrations(store, Migrations.fromDirectory(dir), Map.of()).apply())
                .isInstanceOf(Migrations.MigrationException.class)
                .hasMessageContaining("newer version");
    }

    private long count(String sql) {
        return store.query(sql).single().getLong("n");
    }
}
