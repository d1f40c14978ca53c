package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

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
    Vertx clientVertx;

    @BeforeEach
    void clients() {
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void closeClients() {
        clientVertx.close().await();
    }

    @Test
    @DisplayName("an event waiting behind the bigger panels' turn still reaches the KPIs at the fast cadence")
    void fastPanelsDoNotWaitForTheBigOnes() throws Exception {
        // the bigger panels' turn far beyond the test: waiting for it would be a timeout, not a slow pass
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("refreshMs", 100).put("panelRefreshMs", 600_000));
             BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
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

    private static long receivedToday(JsonObject kpi) {
        return kpi.getJsonObject("data").getJsonObject("received").getLong("today");
    }
}
