package cn.haikou.mediation.live;

import cn.haikou.mediation.ingest.EventWriter;
import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.ClientVertx;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static cn.haikou.mediation.testing.BridgeClient.receivedToday;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall counts an event as soon as it is queued for writing (live.showQueuedEvents), takes it
 * back if the write fails, and with the setting off counts it only once stored.
 */
@DisplayName("Live figures of queued events")
class LiveQueuedEventsTest {

    @TempDir
    Path data;
    @RegisterExtension
    final ClientVertx clients = new ClientVertx();

    @Test
    @DisplayName("a queued event reaches the screens before it is stored, and stays once stored")
    void shownWhileQueued() throws Exception {
        try (TestServer server = TestServer.start(data);
             BridgeClient screen = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI, LiveAddresses.FEED);
            long before = receivedToday(snapshot(screen));
            EventWriter writer = server.server().writer();
            writer.pause(true);
            CompletableFuture<Http.Response> answer;
            try {
                answer = postAsync(server, "queued-1");
                screen.await(LiveAddresses.KPI, m -> receivedToday(m) == before + 1, Duration.ofSeconds(2));
                screen.await(LiveAddresses.FEED, m -> feedIds(m).contains("queued-1"), Duration.ofSeconds(2));
                assertThat(answer).as("not acknowledged while the writer is held").isNotDone();
                assertThat(stored(server, "queued-%")).isZero();
            } finally {
                writer.pause(false);
            }
            assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(stored(server, "queued-%")).isEqualTo(1);
            // counted once: the next event makes it two, not three
            assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("queued-2", "queued-case-2")).status())
                    .isEqualTo(201);
            screen.await(LiveAddresses.FEED, m -> feedIds(m).contains("queued-2"), Duration.ofSeconds(2));
            assertThat(receivedToday(screen.await(LiveAddresses.KPI, m -> receivedToday(m) == before + 2, Duration.ofSeconds(2))))
                    .isEqualTo(before + 2);
        }
    }

    @Test
    @DisplayName("events whose write fails are taken back from the figures and the feed")
    void failedWriteWithdrawn() throws Exception {
        try (TestServer server = TestServer.start(data);
             BridgeClient screen = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI, LiveAddresses.FEED);
            JsonObject first = snapshot(screen);
            long before = receivedToday(first);
            long yearBefore = first.getJsonObject("data").getJsonObject("received").getLong("year");
            // A real failure of the real engine: a constraint refuses the whole insert.
            server.server().clickHouse().execute(
                    "ALTER TABLE case_events ADD CONSTRAINT refuse_for_test CHECK NOT startsWith(event_id, 'refused-')");
            Http.Response refused = Http.postBatch(server.url(), TestServer.INGEST_KEY, events("refused", 3));
            assertThat(refused.status()).isEqualTo(503);
            server.server().clickHouse().execute("ALTER TABLE case_events DROP CONSTRAINT refuse_for_test");

            assertThat(Http.postBatch(server.url(), TestServer.INGEST_KEY, events("after", 5)).json().getInteger("accepted")).isEqualTo(5);
            // 3 refused and 5 stored: +5 only if the 3 were taken back (+8 otherwise; +3 is the moment before)
            JsonObject kpi = screen.await(LiveAddresses.KPI, m -> receivedToday(m) == before + 5, Duration.ofSeconds(5));
            assertThat(kpi.getJsonObject("data").getJsonObject("received").getLong("year")).isEqualTo(yearBefore + 5);
            JsonObject replaced = screen.await(LiveAddresses.FEED, m -> m.getJsonObject("data").getBoolean("replace", false),
                    Duration.ofSeconds(5));
            assertThat(feedIds(replaced)).noneMatch(id -> id.startsWith("refused-"));
            assertThat(stored(server, "refused-%")).isZero();
            try (BridgeClient later = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
                later.register(LiveAddresses.FEED);
                JsonObject snapshot = later.await(LiveAddresses.FEED, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
                assertThat(feedIds(snapshot)).contains("after-0", "after-4").noneMatch(id -> id.startsWith("refused-"));
            }
        }
    }

    @Test
    @DisplayName("with showQueuedEvents off, the screens count an event only once it is stored")
    void storedOnlyWhenOff() throws Exception {
        try (TestServer server = TestServer.start(data, o -> o.with("live").put("showQueuedEvents", false));
             BridgeClient screen = BridgeClient.connect(clients.get(), server.port(), TestServer.DISPLAY_TOKEN)) {
            screen.register(LiveAddresses.KPI, LiveAddresses.HEARTBEAT);
            long before = receivedToday(snapshot(screen));
            EventWriter writer = server.server().writer();
            writer.pause(true);
            CompletableFuture<Http.Response> answer;
            try {
                answer = postAsync(server, "held-1");
                awaitQueued(writer);
                // two heartbeats later (KPIs go out within refreshMs of a change), the figure has not moved
                long beats = screen.all(LiveAddresses.HEARTBEAT).size();
                screen.await(LiveAddresses.HEARTBEAT, m -> screen.all(LiveAddresses.HEARTBEAT).size() >= beats + 2, Duration.ofSeconds(10));
                assertThat(receivedToday(screen.latest(LiveAddresses.KPI))).isEqualTo(before);
            } finally {
                writer.pause(false);
            }
            assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            screen.await(LiveAddresses.KPI, m -> receivedToday(m) == before + 1, Duration.ofSeconds(2));
        }
    }

    private static JsonObject snapshot(BridgeClient screen) throws InterruptedException {
        return screen.await(LiveAddresses.KPI, m -> m.getBoolean("snapshot"), Duration.ofSeconds(5));
    }

    /** Posts one received event from another thread: with the writer held, its answer waits. */
    private static CompletableFuture<Http.Response> postAsync(TestServer server, String id) {
        return CompletableFuture.supplyAsync(() -> Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received(id, id + "-case")));
    }


    private static List<String> feedIds(JsonObject feed) {
        List<String> ids = new ArrayList<>();
        JsonArray events = feed.getJsonObject("data").getJsonArray("events");
        events.forEach(e -> ids.add(((JsonObject) e).getString("eventId")));
        return ids;
    }

    private static List<JsonObject> events(String prefix, int n) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestEvents.received(prefix + "-" + i, prefix + "-case-" + i));
        }
        return out;
    }

    private static long stored(TestServer server, String pattern) {
        return server.server().clickHouse().query("SELECT count() AS n FROM case_events WHERE event_id LIKE {p:String}",
                java.util.Map.of("p", pattern)).single().getLong("n");
    }

    private static void awaitQueued(EventWriter writer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (writer.queuedEvents() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the event was never queued");
            }
            Thread.sleep(10); // nothing to await: the queue fills when the request arrives
        }
    }
}
