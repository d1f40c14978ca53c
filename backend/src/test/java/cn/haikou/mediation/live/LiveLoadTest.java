package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The ClickHouse load of the live figures does not grow with the number of screens. */
@DisplayName("Live query load")
class LiveLoadTest {

    private static final Duration PHASE = Duration.ofSeconds(8);
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path data;

    @Test
    @DisplayName("1 and 200 connected screens cause the same number of ClickHouse queries per minute")
    void queriesDoNotGrowWithScreens() throws Exception {
        Vertx clients = Vertx.vertx();
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("slowRefreshMs", 250).put("idleRefreshMs", 1000))) {
            List<BridgeClient> screens = new ArrayList<>();
            try {
                post(server, 50);
                screens.add(connect(clients, server));
                long oneScreen = queriesDuring(server, PHASE);

                for (int i = 1; i < 200; i++) {
                    screens.add(connect(clients, server));
                }
                // While measuring, a quarter of the screens drop and reconnect (each gets fresh snapshots).
                long start = queryCount(server);
                long end = System.nanoTime() + PHASE.toNanos();
                for (int i = 0; i < 50; i++) {
                    screens.get(150 + i).close();
                    screens.set(150 + i, connect(clients, server));
                }
                sleepUntil(end);
                long manyScreens = queryCount(server) - start;

                String last = post(server, 1);
                for (BridgeClient screen : screens) {
                    screen.await(LiveAddresses.FEED, m -> m.encode().contains(last), Duration.ofSeconds(10));
                }
                System.out.printf("ClickHouse queries per minute: 1 screen %.0f, 200 screens %.0f%n",
                        oneScreen * 60_000.0 / PHASE.toMillis(), manyScreens * 60_000.0 / PHASE.toMillis());
                assertThat(oneScreen).isPositive();
                // The same timers run either way; the counts differ only by a refresh cut at a phase edge.
                assertThat((double) manyScreens).isBetween(oneScreen * 0.8, oneScreen * 1.2);
            } finally {
                screens.forEach(BridgeClient::close);
                clients.close().await();
            }
        }
    }

    private static long queriesDuring(TestServer server, Duration phase) throws InterruptedException {
        long before = queryCount(server);
        sleepUntil(System.nanoTime() + phase.toNanos());
        return queryCount(server) - before;
    }

    /** Measuring a rate over a fixed span of time is what this test is about. */
    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static String post(TestServer server, int n) {
        String last = null;
        for (int i = 0; i < n; i++) {
            last = "load-" + IDS.incrementAndGet();
            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received(last, last)).status()).isEqualTo(201);
        }
        return last;
    }

    private static long queryCount(TestServer server) {
        String metrics = Http.get(server.url() + "/metrics", null).body();
        return metrics.lines()
                .filter(l -> l.startsWith("clickhouse_statements_total{") && l.contains("operation=\"query\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static BridgeClient connect(Vertx vertx, TestServer server) throws Exception {
        BridgeClient screen = BridgeClient.connect(vertx, server.port(), TestServer.DISPLAY_TOKEN);
        screen.register(LiveAddresses.ALL.toArray(String[]::new));
        screen.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(10));
        return screen;
    }
}
