package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The live bridge")
class LiveBridgeTest {

    @TempDir
    static Path data;
    static TestServer server;
    static Vertx clientVertx;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        clientVertx.close().await();
        server.close();
    }

    @Test
    @DisplayName("a screen gets a snapshot on connect and an update within 1 s of a POST")
    void snapshotThenUpdate() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI, LiveAddresses.FEED, LiveAddresses.HEARTBEAT);
            JsonObject snapshot = screen.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
            long before = BridgeClient.receivedToday(snapshot);

            // The POST returns once the event is stored; the screen must show it within 1 s of that.
            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("live-1", "live-case-1")).status()).isEqualTo(201);
            JsonObject update = screen.await(LiveAddresses.KPI,
                    m -> BridgeClient.receivedToday(m) == before + 1, Duration.ofSeconds(1));
            assertThat(update.getBoolean("snapshot")).isFalse();
            assertThat(update.getLong("seq")).isGreaterThan(snapshot.getLong("seq"));

            JsonObject feed = screen.await(LiveAddresses.FEED, m -> !m.getBoolean("snapshot")
                    && m.getJsonObject("data").getJsonArray("events").stream().anyMatch(e -> "live-1".equals(((JsonObject) e).getString("eventId"))),
                    Duration.ofSeconds(1));
            JsonObject item = feed.getJsonObject("data").getJsonArray("events").getJsonObject(0);
            assertThat(item.getString("districtName")).isEqualTo("龙华区");
            screen.await(LiveAddresses.HEARTBEAT, m -> m.getJsonObject("data").getString("serverTime") != null, Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("a KPI update carries only the figures that moved, and merged into the snapshot gives what a new screen gets")
    void kpiUpdatesCarryChangesOnly() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI);
            long before = BridgeClient.receivedToday(screen.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5)));

            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("delta-1", "delta-case-1")).status()).isEqualTo(201);
            JsonObject held = screen.await(LiveAddresses.KPI, m -> BridgeClient.receivedToday(m) == before + 1, Duration.ofSeconds(2));
            JsonObject sent = screen.allAsSent(LiveAddresses.KPI).stream()
                    .filter(m -> m.getLong("seq").equals(held.getLong("seq"))).findFirst().orElseThrow().getJsonObject("data");
            // one received case (two parties) moves the received counts, and nothing else of today's
            assertThat(sent.getJsonObject("today").fieldNames()).containsExactly("received");
            assertThat(sent.getJsonObject("received").getLong("today")).isEqualTo(before + 1);
            assertThat(sent.containsKey("overdueByLevel")).isFalse();

            try (BridgeClient later = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
                later.register(LiveAddresses.KPI);
                JsonObject snapshot = later.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
                // the first screen's state after the same message (later ones may have come meanwhile)
                JsonObject same = screen.await(LiveAddresses.KPI, m -> m.getLong("seq").equals(snapshot.getLong("seq")), Duration.ofSeconds(5));
                assertThat(same.getJsonObject("data")).isEqualTo(snapshot.getJsonObject("data"));
            }
        }
    }

    @Test
    @DisplayName("live.pulse carries the KPIs, feed and trend of a tick in one frame, equal to their own addresses' messages")
    void pulseBundlesTheFastPanels() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.PULSE, LiveAddresses.FEED);
            JsonObject snapshot = screen.await(LiveAddresses.PULSE, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
            JsonObject parts = snapshot.getJsonObject("data");
            assertThat(parts.fieldNames()).containsExactlyInAnyOrder("kpi", "feed", "trend");
            assertThat(parts.getJsonObject("trend").getJsonArray("receivedYesterday")).hasSize(24);
            long before = parts.getJsonObject("kpi").getJsonObject("received").getLong("today");

            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("pulse-1", "pulse-case-1")).status()).isEqualTo(201);
            JsonObject update = screen.await(LiveAddresses.PULSE, m -> !m.getBoolean("snapshot")
                    && m.getJsonObject("data").containsKey("feed") && m.getJsonObject("data").encode().contains("pulse-1"), Duration.ofSeconds(1));
            JsonObject tick = update.getJsonObject("data");
            // the event moved all three panels, so one frame carries all three
            assertThat(tick.getJsonObject("kpi").getJsonObject("received").getLong("today")).isGreaterThanOrEqualTo(before + 1);
            assertThat(tick.getJsonObject("trend").getJsonArray("receivedToday")).isNotEmpty();
            JsonObject feed = screen.await(LiveAddresses.FEED, m -> !m.getBoolean("snapshot") && m.encode().contains("pulse-1"), Duration.ofSeconds(1));
            assertThat(tick.getJsonObject("feed")).isEqualTo(feed.getJsonObject("data"));
        }
    }

    @Test
    @DisplayName("screens are counted per address they subscribe to, and no longer once closed")
    void subscribersCounted() throws Exception {
        long pulseBefore = subscribers(LiveAddresses.PULSE);
        long kpiBefore = subscribers(LiveAddresses.KPI);
        BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN);
        try {
            screen.register(LiveAddresses.PULSE);
            // the snapshot is written after the screen is counted
            screen.await(LiveAddresses.PULSE, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
            assertThat(subscribers(LiveAddresses.PULSE)).isEqualTo(pulseBefore + 1);
            assertThat(subscribers(LiveAddresses.KPI)).isEqualTo(kpiBefore);
        } finally {
            screen.close();
        }
        // the server hears of the close on its own time: poll its count
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (subscribers(LiveAddresses.PULSE) != pulseBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(subscribers(LiveAddresses.PULSE)).isEqualTo(pulseBefore);
    }

    private static long subscribers(String address) {
        return Http.get(server.url() + "/metrics", null).body().lines()
                .filter(l -> l.startsWith("live_subscribers{") && l.contains("address=\"" + address + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no live_subscribers gauge for " + address));
    }

    @Test
    @DisplayName("personal data reaches the wall only masked")
    void feedIsMasked() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.FEED);
            screen.await(LiveAddresses.FEED, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
            JsonObject event = TestEvents.received("pii-1", "pii-case-1")
                    .put("caller", new JsonObject().put("name", "王小明").put("phone", "13812345678").put("address", "海口市龙华区金贸西路1号"))
                    .put("summary", "王小明 13812345678 反映工头拖欠三个月工钱");
            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, event).status()).isEqualTo(201);
            JsonObject feed = screen.await(LiveAddresses.FEED, m -> m.encode().contains("pii-1"), Duration.ofSeconds(2));
            String text = feed.encode();
            assertThat(text).doesNotContain("王小明").doesNotContain("13812345678").doesNotContain("金贸西路").doesNotContain("工钱");
            assertThat(text).contains("王**").contains("138****5678");
        }
    }

    @Test
    @DisplayName("browsers cannot send or publish to any address, nor subscribe to unlisted ones")
    void inboundRefused() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            for (String address : new String[] {LiveAddresses.KPI, "ingest", "internal.events", "live.kpi.x"}) {
                screen.send(new JsonObject().put("type", "send").put("address", address).put("body", "{}"));
                assertThat(screen.awaitError(Duration.ofSeconds(5)).getString("body")).isIn("access_denied", "rejected");
                screen.send(new JsonObject().put("type", "publish").put("address", address).put("body", "{}"));
                assertThat(screen.awaitError(Duration.ofSeconds(5)).getString("body")).isIn("access_denied", "rejected");
            }
            screen.register("vertx.internal");
            assertThat(screen.awaitError(Duration.ofSeconds(5)).getString("body")).isIn("access_denied", "rejected");
        }
    }

    @Test
    @DisplayName("no token or a wrong token gets no socket; an analyst token works too")
    void tokens() throws Exception {
        assertThatThrownBy(() -> BridgeClient.connect(clientVertx, server.port(), null)).hasMessageContaining("401");
        assertThatThrownBy(() -> BridgeClient.connect(clientVertx, server.port(), "not-a-token-at-all")).hasMessageContaining("401");
        assertThat(Http.get(server.url() + "/eventbus/info", null).status()).isEqualTo(401);
        assertThat(Http.get(server.url() + "/eventbus/info?token=" + TestServer.DISPLAY_TOKEN, null).status()).isEqualTo(200);
        try (BridgeClient analyst = BridgeClient.connect(clientVertx, server.port(), TestServer.ANALYST_TOKEN)) {
            analyst.register(LiveAddresses.TYPES);
            analyst.await(LiveAddresses.TYPES, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("an oversized frame closes the socket")
    void oversizedFrame() throws Exception {
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.send(new JsonObject().put("type", "register").put("address", "x".repeat(10_000)));
            assertThat(screen.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @DisplayName("revoking a display token closes its open screens and refuses new ones")
    void revocation() throws Exception {
        Http.Response issued = Http.post(server.url() + "/api/v1/admin/tokens", TestServer.ADMIN_TOKEN, "application/json",
                new JsonObject().put("name", "hall-east").put("role", "display").encode());
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().getString("token");
        try (BridgeClient screen = BridgeClient.connect(clientVertx, server.port(), token)) {
            screen.register(LiveAddresses.KPI);
            screen.await(LiveAddresses.KPI, m -> true, Duration.ofSeconds(5));
            Http.Response revoked = Http.delete(server.url() + "/api/v1/admin/tokens/hall-east", TestServer.ADMIN_TOKEN);
            assertThat(revoked.status()).isEqualTo(204);
            assertThat(screen.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
        assertThatThrownBy(() -> BridgeClient.connect(clientVertx, server.port(), token)).hasMessageContaining("401");
        assertThat(Http.post(server.url() + "/api/v1/admin/tokens", TestServer.DISPLAY_TOKEN, "application/json",
                new JsonObject().put("name", "x").put("role", "admin").encode()).status()).isEqualTo(403);
    }
}
