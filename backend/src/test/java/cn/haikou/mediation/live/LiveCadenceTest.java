package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.ClientVertx;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static cn.haikou.mediation.testing.BridgeClient.receivedToday;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast panels keep their own cadence ({@code live.refreshMs}) whatever the bigger panels'
 * ({@code live.panelRefreshMs}). An event dirties both kinds; the bigger ones then wait for their
 * turn, and an event that arrives meanwhile must not wait with them: under a steady stream that
 * held every KPI and feed update back to the bigger panels' next turn (up to a second).
 */
@DisplayName("Live cadence")
class LiveCadenceTest {

    @TempDir
    Path data;
    @RegisterExtension
    final ClientVertx clients = new ClientVertx();

    @Test
    @DisplayName("an event waiting behind the bigger panels' turn still reaches the KPIs at the fast cadence")
    void fastPanelsDoNotWaitForTheBigOnes() throws Exception {
        // the bigger panels' turn far beyond the test: waiting for it would be a timeout, not a slow pass
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("refreshMs", 100).put("panelRefreshMs", 600_000));
             BridgeClient screen = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI);
            long before = receivedToday(screen.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5)));
            for (int i = 1; i <= 3; i++) {
                // each one after the previous was shown: the bigger panels are then still dirty and waiting
                assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("cadence-" + i, "cadence-case-" + i))
                        .status()).isEqualTo(201);
                long expected = before + i;
                screen.await(LiveAddresses.KPI, m -> receivedToday(m) == expected, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @DisplayName("with more screens than the write budget allows at refreshMs, the fast panels' interval stretches")
    void intervalStretchesWithScreens() {
        assertThat(LiveVerticle.fastIntervalMs(200, 0, 20_000)).isEqualTo(200);
        assertThat(LiveVerticle.fastIntervalMs(200, 1_000, 20_000)).isEqualTo(200);
        assertThat(LiveVerticle.fastIntervalMs(200, 4_000, 20_000)).isEqualTo(200);
        assertThat(LiveVerticle.fastIntervalMs(200, 5_000, 20_000)).isEqualTo(250);
        assertThat(LiveVerticle.fastIntervalMs(200, 10_000, 20_000)).isEqualTo(500);
        // a screen watching kpi, feed and trend on their own addresses costs three writes
        assertThat(LiveVerticle.fastIntervalMs(200, 3 * 10_000, 20_000)).isEqualTo(1_500);
    }

    @Test
    @DisplayName("the screens' subscriptions set the cadence: one screen at a budget of 2 writes a second gets a pulse every 500 ms")
    void cadenceFollowsSubscribers() throws Exception {
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("refreshMs", 50).put("maxPulseWritesPerSecond", 2));
             BridgeClient screen = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.PULSE);
            screen.await(LiveAddresses.PULSE, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("stretch-" + i, "stretch-case-" + i));
            }
            // keep events coming for 2 s: at 50 ms that would be up to 40 pulses, at 500 ms at most 5
            while (System.nanoTime() - started < Duration.ofSeconds(2).toNanos()) {
                Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("stretch-" + started + "-" + System.nanoTime(),
                        "stretch-case-" + System.nanoTime()));
            }
            long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
            long updates = screen.count(LiveAddresses.PULSE) - 1;
            assertThat(updates).as("pulse updates in %d s", seconds).isBetween(1L, 2 * seconds + 2);
        }
    }

}
