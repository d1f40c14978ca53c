package cn.haikou.mediation.storage;

import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;

/**
 * A child-process driver for the engine-lifecycle tests: {@code write DIR N}, {@code count DIR},
 * {@code hold DIR} (open until stdin closes), {@code busy DIR} (queries and inserts on every
 * connection until killed), {@code exit DIR} (System.exit with connections open).
 */
public final class StoreTool {

    private StoreTool() {
    }

    public static void main(String[] args) throws Exception {
        String command = args[0];
        Path dir = Path.of(args[1]);
        EmbeddedClickHouse store;
        try {
            store = EmbeddedClickHouse.open(Storage.engineLibrary(""), dir, "tool", 3, new QueryBounds(30, 1_000_000_000L));
        } catch (ClickHouseException e) {
            System.out.println("OPEN FAILED: " + e.getMessage());
            System.exit(3);
            return;
        }
        switch (command) {
            case "write" -> {
                int n = Integer.parseInt(args[2]);
                store.execute("CREATE TABLE IF NOT EXISTS t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
                store.insert("t", InsertFormat.JSON_EACH_ROW, out -> {
                    for (int i = 0; i < n; i++) {
                        out.write(("{\"id\":" + i + ",\"s\":\"行" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
                    }
                });
                System.out.println("WROTE " + n);
                store.close();
            }
            case "write-values" -> {
                store.execute("CREATE TABLE IF NOT EXISTS v (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
                store.execute("INSERT INTO v VALUES (1, 'a'), (2, 'b'), (3, 'c')");
                System.out.println("COUNT " + store.query("SELECT count() AS n FROM v").single().getLong("n"));
                store.close();
            }
            case "count" -> {
                Row row = store.query("SELECT count() AS n, sum(id) AS s, any(t.s) LIKE '行%' AS chinese FROM t").single();
                System.out.println("COUNT " + row.getLong("n") + " SUM " + row.getLong("s") + " CHINESE " + row.getInt("chinese"));
                store.close();
            }
            case "hold" -> {
                // Held until the file args[2] appears (stdin cannot be the signal: the engine's
                // loader points it at /dev/null, see StandardInput).
                Path release = Path.of(args[2]);
                try (WatchService watch = release.getFileSystem().newWatchService()) {
                    release.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                    System.out.println("READY");
                    while (!Files.exists(release)) {
                        watch.take().reset();
                    }
                }
                store.close();
            }
            case "busy" -> busy(store);
            case "exit" -> {
                store.query("SELECT 1 AS x").toList();
                System.out.println("EXITING");
                System.exit(0);
            }
            default -> throw new IllegalArgumentException(command);
        }
    }

    /** Keeps every connection working (long aggregations and inserts) until the process is stopped. */
    private static void busy(EmbeddedClickHouse store) throws IOException {
        store.execute("CREATE TABLE IF NOT EXISTS b (id UInt64) ENGINE = MergeTree ORDER BY id");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                while (true) {
                    try {
                        store.query("SELECT count() AS n FROM numbers(200000000) WHERE number % 7 = 3").toList();
                    } catch (ClickHouseException e) {
                        return;
                    }
                }
            }, "query-" + t));
        }
        threads.add(new Thread(() -> {
            while (true) {
                try {
                    store.insert("b", InsertFormat.JSON_EACH_ROW, out -> {
                        for (int i = 0; i < 100_000; i++) {
                            out.write(("{\"id\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                        }
                    });
                } catch (ClickHouseException e) {
                    return;
                }
            }
        }, "insert"));
        threads.forEach(Thread::start);
        System.out.println("BUSY");
        // The main thread ends here; the workers keep the JVM alive until it is signalled.
    }
}
