package cn.haikou.mediation.live;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall's case-state figures read the cases of {@code live.caseHorizonDays}, not every case
 * ever stored: an open case from before the horizon is stored and queryable, but not "in progress".
 */
class LiveCaseHorizonTest {

    @TempDir
    Path data;

    @Test
    void anOpenCaseFromBeforeTheHorizonIsStoredButNotInProgress() throws Exception {
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("slowRefreshMs", 100).put("idleRefreshMs", 500).put("caseHorizonDays", 30))) {
            Instant now = Instant.now();
            Http.Response r = Http.postBatch(server.url(), TestServer.INGEST_KEY,
                    List.of(received("horizon-old", now.minus(Duration.ofDays(40))), received("horizon-new", now.minus(Duration.ofDays(3)))));
            assertThat(r.json().getInteger("accepted")).as(r.body()).isEqualTo(2);

            Vertx vertx = Vertx.vertx();
            try (BridgeClient screen = BridgeClient.connect(vertx, server.port(), TestServer.DISPLAY_TOKEN)) {
                screen.register(LiveAddresses.KPI);
                Instant posted = Instant.now();
                JsonObject kpi = screen.await(LiveAddresses.KPI,
                        m -> Instant.parse(m.getJsonObject("data").getString("casesAsOf")).isAfter(posted), Duration.ofSeconds(10));
                assertThat(kpi.getJsonObject("data").getLong("inProgress")).isEqualTo(1);
            } finally {
                vertx.close().await();
            }
            ClickHouse ch = server.server().clickHouse();
            assertThat(ch.query("SELECT count() AS n FROM case_state WHERE concluded_at IS NULL").single().getLong("n")).isEqualTo(2);
        }
    }

    private static JsonObject received(String id, Instant at) {
        return new JsonObject().put("eventId", id + "-e1").put("caseId", id).put("kind", "received")
                .put("eventTime", at.toString()).put("receivedAt", at.toString()).put("district", "460106")
                .put("town", "金贸街道").put("caseType", "labour").put("channel", "phone");
    }
}
