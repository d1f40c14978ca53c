package cn.haikou.mediation.storage;

import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import cn.haikou.mediation.storage.server.ServerClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One contract, every transport: each case runs against the embedded engine, and against a
 * ClickHouse server when {@code CLICKHOUSE_URL} (with {@code CLICKHOUSE_USER},
 * {@code CLICKHOUSE_PASSWORD}) names one. The server run uses a fresh database and drops it.
 */
@DisplayName("ClickHouse contract")
class ClickHouseContractTest {

    private static final int POOL = 3;
    private static final String SERVER_URL = System.getenv("CLICKHOUSE_URL");
    private static final String SERVER_DATABASE = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** Texts that break naive quoting or escaping, each on its own and all together. */
    private static final List<String> HOSTILE = List.of(
            "'); DROP TABLE texts; --",
            "it's \"quoted\" ''",
            "back\\slash \\n \\t \\' \\",
            "\\N",
            "tab\there",
            "line\nbreak",
            "carriage\rreturn\r\n",
            "海口12345热线 调解中心",
            "emoji 😀👍🏽",
            "'\t\"\n\\ 中文 😀 \r'); DROP TABLE texts; --");

    @TempDir
    static Path dataDir;

    private static ClickHouse embedded;
    private static ClickHouse server;

    enum Transport {
        EMBEDDED, SERVER;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    private static ClickHouse store(Transport transport) {
        if (transport == Transport.EMBEDDED) {
            if (embedded == null) {
                embedded = openEmbedded();
            }
            return embedded;
        }
        assumeTrue(SERVER_URL != null && !SERVER_URL.isBlank(),
                "CLICKHOUSE_URL is not set, so the server transport is not tested here (no ClickHouse server on this machine);"
                        + " set CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD to run it");
        if (server == null) {
            server = openServer();
        }
        return server;
    }

    private static ClickHouse openEmbedded() {
        return EmbeddedClickHouse.open(Storage.engineLibrary(""), dataDir, "contract", POOL, QueryBounds.DEFAULT);
    }

    private static ClickHouse openServer() {
        return ServerClickHouse.open(SERVER_URL, System.getenv("CLICKHOUSE_USER"), System.getenv("CLICKHOUSE_PASSWORD"),
                SERVER_DATABASE, POOL, QueryBounds.DEFAULT);
    }

    @AfterAll
    static void closeStores() {
        if (server != null) {
            try {
                server.execute("DROP DATABASE IF EXISTS " + SERVER_DATABASE);
            } finally {
                server.close();
            }
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("creates a table, streams 100k JSONEachRow rows into it, and reads back exact count and 64-bit sums")
    void streamingInsertRoundTrip(Transport transport) {
        ClickHouse ch = store(transport);
        ch.execute("DROP TABLE IF EXISTS bulk");
        ch.execute("CREATE TABLE bulk (id UInt64, name String, amount Int64) ENGINE = MergeTree ORDER BY id");
        int rows = 100_000;
        long factor = 1_000_000_007L;
        ch.insert("bulk", InsertFormat.JSON_EACH_ROW, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (int i = 0; i < rows; i++) {
                writer.write("{\"id\":" + i + ",\"name\":\"n" + i + "\",\"amount\":" + (i * factor) + "}\n");
            }
            writer.flush();
        });

        Row totals = ch.query("SELECT count() AS n, sum(amount) AS amount, sum(id) AS ids, uniqExact(name) AS names FROM bulk").single();
        long ids = (long) rows * (rows - 1) / 2;
        assertEquals(rows, totals.getLong("n"));
        assertEquals(ids, totals.getLong("ids"));
        // Beyond 2^53: only exact 64-bit integers survive the trip through JSON.
        assertEquals(ids * factor, totals.getLong("amount"));
        assertEquals(rows, totals.getLong("names"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("passes hostile String parameters through unchanged, byte for byte, without altering the statement")
    void stringParametersArriveUnchanged(Transport transport) {
        ClickHouse ch = store(transport);
        ch.execute("DROP TABLE IF EXISTS texts");
        ch.execute("CREATE TABLE texts (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
        for (int i = 0; i < HOSTILE.size(); i++) {
            ch.execute("INSERT INTO texts SELECT {id:UInt32}, {s:String}", Map.of("id", i, "s", HOSTILE.get(i)));
        }

        assertEquals(HOSTILE.size(), ch.query("SELECT count() AS n FROM texts").single().getLong("n"));
        List<Row> rows = ch.query("SELECT id, s, hex(s) AS hex FROM texts ORDER BY id").toList();
        assertEquals(HOSTILE.size(), rows.size());
        for (Row row : rows) {
            String expected = HOSTILE.get(row.getInt("id"));
            assertEquals(expected, row.getString("s"));
            assertEquals(HexFormat.of().withUpperCase().formatHex(expected.getBytes(StandardCharsets.UTF_8)), row.getString("hex"),
                    "bytes stored for " + expected);
            assertEquals(1, ch.query("SELECT count() AS n FROM texts WHERE s = {s:String}", Map.of("s", expected)).single().getLong("n"),
                    "a parameter finds its own row: " + expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("passes hostile texts in an Array(String) parameter built from a Java List through unchanged")
    void arrayParameterArrivesUnchanged(Transport transport) {
        ClickHouse ch = store(transport);
        ch.execute("DROP TABLE IF EXISTS lists");
        ch.execute("CREATE TABLE lists (id UInt32, items Array(String)) ENGINE = MergeTree ORDER BY id");

        ch.execute("INSERT INTO lists SELECT 1, {items:Array(String)}", Map.of("items", HOSTILE));

        Row row = ch.query("SELECT count() AS n, any(items) AS items FROM lists").single();
        assertEquals(1, row.getLong("n"));
        assertEquals(HOSTILE, row.getStringList("items"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("round-trips a DateTime64(3,'UTC') parameter from an Instant to the millisecond")
    void instantParameterKeepsMilliseconds(Transport transport) {
        ClickHouse ch = store(transport);
        for (String text : List.of("2026-11-30T07:45:00.123Z", "1999-12-31T23:59:59.999Z", "2038-01-19T03:14:08.001Z")) {
            Instant instant = Instant.parse(text);
            Row row = ch.query("SELECT {t:DateTime64(3,'UTC')} AS t, toUnixTimestamp64Milli({t:DateTime64(3,'UTC')}) AS ms",
                    Map.of("t", instant)).single();
            assertEquals(instant, row.getInstant("t"));
            assertEquals(instant.toEpochMilli(), row.getLong("ms"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("answers 8 threads sharing a pool of 3, each with its own values")
    void parallelQueriesGetTheirOwnAnswers(Transport transport) throws Exception {
        ClickHouse ch = store(transport);
        int threads = 8;
        int rounds = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        long n = 200_000 + thread * 1_000L + round;
                        Row row = ch.query("SELECT {thread:UInt32} AS thread, count() AS n, sum(number) AS total FROM numbers({n:UInt64})",
                                Map.of("thread", thread, "n", n)).single();
                        assertEquals(thread, row.getInt("thread"));
                        assertEquals(n, row.getLong("n"));
                        assertEquals(n * (n - 1) / 2, row.getLong("total"));
                    }
                    return thread;
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                assertEquals(t, done.get(t).get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("stops a query over its time or memory bound with QueryLimitException, and the pool keeps working")
    void queriesOverTheirBoundsFailAsLimits(Transport transport) {
        ClickHouse ch = store(transport);

        QueryLimitException slow = assertThrows(QueryLimitException.class, () -> ch.query(
                "SELECT count() AS n FROM numbers(1000000000000) WHERE sleepEachRow(0) = 0 AND number % 7 = 3"
                        + " SETTINGS max_execution_time = 1").toList());
        assertEquals(ErrorCodes.TIMEOUT_EXCEEDED, slow.code(), slow.getMessage());

        QueryLimitException big = assertThrows(QueryLimitException.class, () -> ch.query(
                "SELECT groupArray(number) AS items FROM numbers(100000000) SETTINGS max_memory_usage = 100000000").toList());
        assertEquals(ErrorCodes.MEMORY_LIMIT_EXCEEDED, big.code(), big.getMessage());

        assertPoolAnswers(ch);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("reports a syntax error as code 62, not as a limit")
    void syntaxErrorKeepsItsCode(Transport transport) {
        ClickHouse ch = store(transport);

        ClickHouseException query = assertThrows(ClickHouseException.class, () -> ch.query("SELEC 1").toList());
        ClickHouseException execute = assertThrows(ClickHouseException.class, () -> ch.execute("CREATE TABLE ("));

        for (ClickHouseException e : List.of(query, execute)) {
            assertEquals(ErrorCodes.SYNTAX_ERROR, e.code(), e.getMessage());
            assertFalse(e instanceof QueryLimitException, e.getMessage());
        }
        assertPoolAnswers(ch);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("after close, refuses query, execute and insert with ConnectionClosedException")
    void closedStoreRefusesEveryCall(Transport transport) {
        ClickHouse victim = openDisposable(transport);
        try {
            assertEquals(1, victim.query("SELECT 1 AS one").single().getLong("one"));
        } finally {
            victim.close();
        }
        victim.close();

        assertThrows(ConnectionClosedException.class, () -> victim.query("SELECT 1"));
        assertThrows(ConnectionClosedException.class, () -> victim.execute("SELECT 1"));
        assertThrows(ConnectionClosedException.class, () -> victim.insert("bulk", InsertFormat.JSON_EACH_ROW,
                out -> out.write("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("releases the connection of a result closed after 1 of 1,000,000 rows, ten times over")
    void earlyClosedResultsReleaseTheirConnection(Transport transport) {
        ClickHouse ch = store(transport);
        for (int i = 0; i < 10; i++) {
            try (QueryResult result = ch.query("SELECT number FROM numbers(1000000)")) {
                Iterator<Row> rows = result.iterator();
                assertTrue(rows.hasNext());
                assertTrue(rows.next().has("number"));
            }
        }
        assertPoolAnswers(ch);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    @DisplayName("holds a background read while an insert runs, and answers it once the insert is done")
    void backgroundReadsWaitForInserts(Transport transport) throws Exception {
        ClickHouse ch = store(transport);
        ch.execute("DROP TABLE IF EXISTS yielding");
        ch.execute("CREATE TABLE yielding (id UInt64) ENGINE = MergeTree ORDER BY id");
        ch.insert("yielding", InsertFormat.JSON_EACH_ROW, out -> {
            for (int i = 0; i < 1000; i++) {
                out.write(("{\"id\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        CountDownLatch inserting = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> insert = pool.submit(() -> ch.insert("yielding", InsertFormat.JSON_EACH_ROW, out -> {
                // more than the transports buffer, so that the statement is under way before the writer waits
                byte[] row = "{\"id\":5000}\n".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 200_000; i++) {
                    out.write(row);
                }
                out.flush();
                inserting.countDown();
                try {
                    assertTrue(finish.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(inserting.await(30, TimeUnit.SECONDS));
            Future<Long> read = pool.submit(() -> ch.query("SELECT sum(id) AS total FROM yielding WHERE id < 1000 "
                    + QueryPriority.BACKGROUND_SETTINGS).single().getLong("total"));

            // Unpaused, the read answers in milliseconds; paused, it still waits half a second on.
            assertThrows(TimeoutException.class, () -> read.get(500, TimeUnit.MILLISECONDS));
            assertFalse(insert.isDone());
            finish.countDown();
            insert.get(30, TimeUnit.SECONDS);
            assertEquals(999L * 1000 / 2, read.get(30, TimeUnit.SECONDS));
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
        assertPoolAnswers(ch);
    }

    /** More queries than connections, one after another: each needs a connection given back. */
    private static void assertPoolAnswers(ClickHouse ch) {
        for (int i = 0; i <= POOL; i++) {
            assertEquals(i, ch.query("SELECT {i:UInt8} AS i", Map.of("i", i)).single().getInt("i"));
        }
    }

    /** A store of its own to close. The engine serves one data directory per process, so the shared embedded store steps aside. */
    private static ClickHouse openDisposable(Transport transport) {
        if (transport == Transport.EMBEDDED) {
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
            return openEmbedded();
        }
        store(transport);
        return openServer();
    }

}
