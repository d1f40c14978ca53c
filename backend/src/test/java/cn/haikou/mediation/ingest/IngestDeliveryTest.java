package cn.haikou.mediation.ingest;

import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.testing.ChildJvm;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Idempotency, acknowledgement only after a durable write, backpressure and authentication. */
@DisplayName("Ingest delivery")
class IngestDeliveryTest {

    @TempDir
    Path data;

    @Nested
    @DisplayName("batching")
    class Batching {

        @Test
        @DisplayName("a free writer inserts at once when batchMinEvents wait, and otherwise waits out batchMaxDelayMs")
        void minimumBatchStartsAtOnce() throws Exception {
            try (TestServer server = TestServer.start(data, o -> o.with("ingest").put("batchMinEvents", 100).put("batchMaxDelayMs", 600_000))) {
                // the first insert starts at once: a whole interval has passed since the writer started
                assertThat(post(server, "first", 1).get(30, TimeUnit.SECONDS).getInteger("accepted")).isEqualTo(1);
                // a lone event now waits for the interval (ten minutes) or for enough company
                CompletableFuture<JsonObject> lone = post(server, "lone", 1);
                assertThatThrownBy(() -> lone.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                // 150 more make 151 waiting, over batchMinEvents: one insert at once answers both requests
                assertThat(post(server, "company", 150).get(30, TimeUnit.SECONDS).getInteger("accepted")).isEqualTo(150);
                assertThat(lone.get(30, TimeUnit.SECONDS).getInteger("accepted")).isEqualTo(1);
                assertThat(count(server, "lone-%") + count(server, "company-%")).isEqualTo(151);
            }
        }

        private CompletableFuture<JsonObject> post(TestServer server, String prefix, int events) {
            List<JsonObject> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                batch.add(TestEvents.received(prefix + "-" + i, prefix + "-case-" + i));
            }
            return CompletableFuture.supplyAsync(() -> Http.postBatch(server.url(), TestServer.INGEST_KEY, batch).json());
        }
    }

    @Nested
    @DisplayName("idempotency by event id")
    class Idempotency {

        @Test
        @DisplayName("a repeat within a batch, across batches and across a restart is reported as duplicate and stored once")
        void storedOnce() {
            List<JsonObject> batch = List.of(TestEvents.received("dup-1", "c-1"), TestEvents.received("dup-2", "c-2"),
                    TestEvents.received("dup-1", "c-1"));
            try (TestServer server = TestServer.start(data)) {
                JsonObject first = Http.postBatch(server.url(), TestServer.INGEST_KEY, batch).json();
                assertThat(first.getInteger("accepted")).isEqualTo(2);
                assertThat(first.getInteger("duplicates")).isEqualTo(1);
                assertThat(first.getJsonArray("results").getJsonObject(2).getString("status")).isEqualTo("duplicate");

                JsonObject second = Http.postBatch(server.url(), TestServer.INGEST_KEY, batch).json();
                assertThat(second.getInteger("accepted")).isZero();
                assertThat(second.getInteger("duplicates")).isEqualTo(3);

                Http.Response single = Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("dup-2", "c-2"));
                assertThat(single.status()).isEqualTo(200);
                assertThat(single.json().getString("status")).isEqualTo("duplicate");
                assertThat(count(server, "dup-%")).isEqualTo(2);
            }
            try (TestServer restarted = TestServer.start(data)) {
                JsonObject again = Http.postBatch(restarted.url(), TestServer.INGEST_KEY, batch).json();
                assertThat(again.getInteger("accepted")).isZero();
                assertThat(again.getInteger("duplicates")).isEqualTo(3);
                assertThat(count(restarted, "dup-%")).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("the same ids posted concurrently, written by two inserters at once, are accepted once each and stored once")
        void concurrentRepeats() throws Exception {
            int ids = 100;
            try (TestServer server = TestServer.start(data, o -> o.with("ingest").put("inserters", 2).put("batchMaxDelayMs", 1))) {
                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<CompletableFuture<Map<String, Integer>>> answers = new ArrayList<>();
                for (int r = 0; r < 40; r++) {
                    int request = r;
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        List<JsonObject> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            int id = (request * 7 + i * 13) % ids;
                            batch.add(TestEvents.received("race-" + id, "race-case-" + id));
                        }
                        JsonObject answer = Http.postBatch(server.url(), TestServer.INGEST_KEY, batch).json();
                        Map<String, Integer> acceptedHere = new java.util.HashMap<>();
                        for (int i = 0; i < batch.size(); i++) {
                            if ("accepted".equals(answer.getJsonArray("results").getJsonObject(i).getString("status"))) {
                                acceptedHere.merge(batch.get(i).getString("eventId"), 1, Integer::sum);
                            }
                        }
                        return acceptedHere;
                    }, clients));
                }
                Map<String, Integer> accepted = new java.util.HashMap<>();
                for (CompletableFuture<Map<String, Integer>> answer : answers) {
                    answer.get().forEach((id, n) -> accepted.merge(id, n, Integer::sum));
                }
                clients.shutdown();
                assertThat(accepted).as("ids accepted, and how often").hasSize(ids).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
                assertThat(count(server, "race-%")).isEqualTo(ids);
            }
        }

        @Test
        @DisplayName("after a restart the in-memory window holds the newest ids by their times: repeats inside and beyond it are caught")
        void windowAfterRestart() {
            List<JsonObject> events = new ArrayList<>();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < 30; i++) {
                Instant at = now.minus(Duration.ofMinutes(30 - i));
                events.add(TestEvents.event("win-" + i, "win-case-" + i, "received", at, at));
            }
            try (TestServer server = TestServer.start(data, o -> o.with("ingest").put("dedupWindowEvents", 10))) {
                assertThat(Http.postBatch(server.url(), TestServer.INGEST_KEY, events).json().getInteger("accepted")).isEqualTo(30);
            }
            // The restart reads the newest ids back with their times; a time read as older than it is leaves them
            // out of the window, and a repeat of one would pass as certainly new and be stored twice.
            try (TestServer restarted = TestServer.start(data, o -> o.with("ingest").put("dedupWindowEvents", 10))) {
                JsonObject again = Http.postBatch(restarted.url(), TestServer.INGEST_KEY, events).json();
                assertThat(again.getInteger("duplicates")).as(again.encode()).isEqualTo(30);
                assertThat(count(restarted, "win-%")).isEqualTo(30);
            }
        }

        @Test
        @DisplayName("ids older than the in-memory window are still caught, by asking ClickHouse")
        void beyondTheWindow() {
            try (TestServer server = TestServer.start(data, o -> o.with("ingest").put("dedupWindowEvents", 10))) {
                List<JsonObject> events = new ArrayList<>();
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                for (int i = 0; i < 200; i++) {
                    Instant at = now.minus(Duration.ofMinutes(300 - i));
                    events.add(TestEvents.event("old-" + i, "old-case-" + i, "received", at, at));
                }
                assertThat(Http.postBatch(server.url(), TestServer.INGEST_KEY, events).json().getInteger("accepted")).isEqualTo(200);
                JsonObject again = Http.postBatch(server.url(), TestServer.INGEST_KEY, events).json();
                assertThat(again.getInteger("duplicates")).isEqualTo(200);
                assertThat(count(server, "old-%")).isEqualTo(200);
            }
        }
    }

    @Test
    @DisplayName("an event acknowledged with 2xx survives kill -9 of the server right after the answer")
    void acknowledgedSurvivesKill9() throws Exception {
        int port = freePort();
        Path dataDir = data.resolve("engine");
        Map<String, String> env = Map.of("HTTP_PORT", Integer.toString(port), "DATA_DIR", dataDir.toString(), "SIMULATOR", "off",
                "INGEST_API_KEYS", "test:" + TestServer.INGEST_KEY, "CONFIG_FILE", writeEmptyConfig());
        List<String> acknowledged = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(data, env, "cn.haikou.mediation.Main")) {
            child.awaitLine(l -> l.contains("server ready"), Duration.ofSeconds(90));
            for (int i = 0; i < 20; i++) {
                List<JsonObject> batch = new ArrayList<>();
                for (int j = 0; j < 50; j++) {
                    batch.add(TestEvents.received("k9-" + i + "-" + j, "k9-case-" + i + "-" + j));
                }
                Http.Response r = Http.postBatch("http://127.0.0.1:" + port, TestServer.INGEST_KEY, batch);
                assertThat(r.status()).isEqualTo(200);
                batch.forEach(e -> acknowledged.add(e.getString("eventId")));
            }
            Http.Response last = Http.postEvent("http://127.0.0.1:" + port, TestServer.INGEST_KEY, TestEvents.received("k9-last", "k9-last"));
            assertThat(last.status()).isEqualTo(201);
            acknowledged.add("k9-last");
            child.process().destroyForcibly(); // SIGKILL: no hook, no flush
            assertThat(child.waitFor(Duration.ofSeconds(30))).isEqualTo(137);
        }
        try (TestServer after = TestServer.start(dataDir)) {
            long stored = after.server().clickHouse().query(
                    "SELECT count() AS n FROM case_events WHERE event_id IN {ids:Array(String)}", Map.of("ids", acknowledged))
                    .single().getLong("n");
            assertThat(stored).isEqualTo(acknowledged.size()).isEqualTo(1001);
            // one row per part (the table may hold several: merges are not immediate), each must pass
            List<Row> checked = after.server().clickHouse().query("CHECK TABLE case_events").toList();
            assertThat(checked).isNotEmpty().allSatisfy(part -> assertThat(part.getLong("is_passed")).as(part.asJson().toString()).isEqualTo(1));
        }
    }

    @Test
    @DisplayName("with the writer blocked, a full queue answers 429 with Retry-After; nothing refused is stored and memory stays bounded")
    void backpressure() throws Exception {
        try (TestServer server = TestServer.start(data, o -> o.with("ingest").put("queueMaxEvents", 1000))) {
            EventWriter writer = server.server().writer();
            writer.pause(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<CompletableFuture<Http.Response>> waiting = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    List<JsonObject> batch = batch("bp-" + i, 250);
                    waiting.add(CompletableFuture.supplyAsync(() -> Http.postBatch(server.url(), TestServer.INGEST_KEY, batch), clients));
                }
                awaitQueued(writer, 1000);
                Http.Response refused = Http.postBatch(server.url(), TestServer.INGEST_KEY, batch("bp-refused", 10));
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.json().getString("code")).isEqualTo("queue_full");
                assertThat(writer.queuedEvents()).isEqualTo(1000);
                assertThat(waiting).noneMatch(CompletableFuture::isDone);
            } finally {
                writer.pause(false);
            }
            for (CompletableFuture<Http.Response> w : waiting) {
                assertThat(w.get().status()).isEqualTo(200);
                assertThat(w.get().json().getInteger("accepted")).isEqualTo(250);
            }
            clients.shutdown();
            assertThat(count(server, "bp-refused-%")).isZero();
            assertThat(count(server, "bp-%")).isEqualTo(1000);
        }
    }

    @Test
    @DisplayName("no key is 401, an unknown key 401, a revoked key 403, and none of them is stored")
    void authentication() {
        String revoked = "revoked-key-0123456789abcdef";
        try (TestServer server = TestServer.start(data, o -> {
            o.with("ingest").withArray("apiKeys").addObject().put("source", "old").put("key", revoked);
            o.with("ingest").putArray("revokedKeys").add(revoked);
        })) {
            JsonObject event = TestEvents.received("auth-1", "auth-1");
            assertThat(Http.postEvent(server.url(), null, event).status()).isEqualTo(401);
            assertThat(Http.postEvent(server.url(), "wrong-key-0123456789", event).status()).isEqualTo(401);
            Http.Response r = Http.postEvent(server.url(), revoked, event);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().getString("code")).isEqualTo("key_revoked");
            assertThat(Http.postBatch(server.url(), null, List.of(event)).status()).isEqualTo(401);
            assertThat(count(server, "auth-%")).isZero();
            Http.Response ok = Http.postEvent(server.url(), TestServer.INGEST_KEY, event);
            assertThat(ok.status()).isEqualTo(201);
            assertThat(server.server().clickHouse().query("SELECT source FROM case_events WHERE event_id = 'auth-1'")
                    .single().getString("source")).isEqualTo("test");
        }
    }

    private static List<JsonObject> batch(String prefix, int n) {
        List<JsonObject> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(TestEvents.received(prefix + "-" + i, prefix + "-case-" + i));
        }
        return events;
    }

    private static void awaitQueued(EventWriter writer, int events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (writer.queuedEvents() < events) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + writer.queuedEvents() + " events queued");
            }
            Thread.sleep(10); // nothing to await: the queue fills as requests arrive
        }
    }

    private static long count(TestServer server, String idPattern) {
        return server.server().clickHouse()
                .query("SELECT count() AS n FROM case_events WHERE event_id LIKE {p:String}", Map.of("p", idPattern))
                .single().getLong("n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String writeEmptyConfig() throws IOException {
        Path file = data.resolve("application.yaml");
        java.nio.file.Files.writeString(file, "{}\n");
        return file.toString();
    }
}
