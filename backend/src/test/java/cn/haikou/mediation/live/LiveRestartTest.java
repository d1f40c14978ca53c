package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted server continues the figures from ClickHouse: what it seeds from the per-minute
 * roll-up (days, hours, money in fen) equals what the first server counted event by event.
 */
@DisplayName("Live figures after a restart")
class LiveRestartTest {

    @TempDir
    Path data;
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    @DisplayName("every counted figure (KPIs with money and durations, the hourly trend, type shares) is the same after a restart")
    void figuresContinue() throws Exception {
        JsonObject pulseBefore;
        JsonObject typesBefore;
        try (TestServer server = TestServer.start(data)) {
            List<JsonObject> events = RandomCases.generate(11, 400, Instant.now());
            RandomCases.post(server.url(), events);
            long received = events.stream().filter(e -> e.getString("kind").equals("received")).count();
            try (BridgeClient screen = BridgeClient.connect(vertx, server.port(), TestServer.DISPLAY_TOKEN)) {
                screen.register(LiveAddresses.PULSE, LiveAddresses.TYPES);
                // KPIs and trend of one tick, once every event is counted
                pulseBefore = data(screen.await(LiveAddresses.PULSE, m -> data(m).containsKey("kpi") && data(m).containsKey("trend")
                        && data(m).getJsonObject("kpi").getJsonObject("received").getLong("total") == received, Duration.ofSeconds(10)));
                long received30d = pulseBefore.getJsonObject("kpi").getJsonObject("30d").getLong("received");
                typesBefore = data(screen.await(LiveAddresses.TYPES, m -> total(data(m), "30d") == received30d, Duration.ofSeconds(10)));
            }
        }
        JsonObject kpiBefore = pulseBefore.getJsonObject("kpi");
        assertThat(kpiBefore.getJsonObject("30d").getValue("amountRecovered").toString()).isNotEqualTo("0.0");
        assertThat(kpiBefore.getJsonObject("30d").getValue("meanCloseDays")).isNotNull();

        try (TestServer restarted = TestServer.start(data);
             BridgeClient screen = BridgeClient.connect(vertx, restarted.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.PULSE, LiveAddresses.TYPES);
            JsonObject pulseAfter = data(screen.await(LiveAddresses.PULSE, m -> true, Duration.ofSeconds(10)));
            JsonObject kpiAfter = pulseAfter.getJsonObject("kpi");
            for (String part : List.of("today", "7d", "30d", "received")) {
                assertThat(kpiAfter.getJsonObject(part)).as(part).isEqualTo(kpiBefore.getJsonObject(part));
            }
            assertThat(pulseAfter.getJsonObject("trend")).isEqualTo(pulseBefore.getJsonObject("trend"));
            assertThat(data(screen.await(LiveAddresses.TYPES, m -> true, Duration.ofSeconds(10)))).isEqualTo(typesBefore);
        }
    }

    private static long total(JsonObject types, String window) {
        return types.getJsonArray(window).stream().mapToLong(o -> ((JsonObject) o).getLong("count")).sum();
    }

    private static JsonObject data(JsonObject message) {
        return message.getJsonObject("data");
    }
}
