package cn.haikou.mediation.ingest;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every validation rule of the ingest API: a 4xx naming the field, and nothing of the event stored. */
@DisplayName("Ingest validation")
class IngestValidationTest {

    @TempDir
    static Path data;
    static TestServer server;
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(data, o -> {
            o.with("http").put("bodyLimitBytes", 65536);
            o.with("ingest").put("requestMaxEvents", 50);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> invalidEvents() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Stream.of(
                bad("missing eventId", e -> e.remove("eventId"), "eventId", "required"),
                bad("eventId with spaces", e -> e.put("eventId", "a b"), "eventId", "invalid_id"),
                bad("eventId too long", e -> e.put("eventId", "x".repeat(65)), "eventId", "too_long"),
                bad("missing caseId", e -> e.remove("caseId"), "caseId", "required"),
                bad("unknown kind", e -> e.put("kind", "teleported"), "kind", "unknown_kind"),
                bad("unknown district", e -> e.put("district", "460199"), "district", "unknown_district"),
                bad("town of another district", e -> e.put("town", "府城街道"), "town", "unknown_town"),
                bad("unknown case type", e -> e.put("caseType", "alien"), "caseType", "unknown_case_type"),
                bad("unknown channel", e -> e.put("channel", "pigeon"), "channel", "unknown_channel"),
                bad("unknown committee", e -> e.put("committee", "nobody"), "committee", "unknown_committee"),
                bad("event time in the future", e -> e.put("eventTime", now.plus(1, ChronoUnit.HOURS).toString())
                        .put("receivedAt", now.plus(1, ChronoUnit.HOURS).toString()), "eventTime", "in_future"),
                bad("time without offset", e -> e.put("eventTime", "2026-01-01T10:00:00"), "eventTime", "invalid_time"),
                bad("event before the case was received", e -> e.put("kind", "accepted")
                        .put("eventTime", now.minus(2, ChronoUnit.HOURS).toString()), "eventTime", "before_received"),
                bad("received event with another receivedAt", e -> e.put("receivedAt", now.minus(2, ChronoUnit.HOURS).toString()),
                        "receivedAt", "received_mismatch"),
                bad("negative amount", e -> e.put("amountInvolved", -1), "amountInvolved", "negative"),
                bad("amount with 3 decimals", e -> e.put("amountRecovered", 1.005), "amountRecovered", "too_precise"),
                bad("amount as text", e -> e.put("amountInvolved", "100"), "amountInvolved", "not_a_number"),
                bad("satisfaction out of range", e -> e.put("kind", "followed_up").put("satisfaction", 6), "satisfaction", "out_of_range"),
                bad("follow-up without satisfaction", e -> e.put("kind", "followed_up"), "satisfaction", "required"),
                bad("satisfaction on a received event", e -> e.put("satisfaction", 5), "satisfaction", "not_allowed"),
                bad("zero parties", e -> e.put("parties", 0), "parties", "out_of_range"),
                bad("referral without a target", e -> e.put("kind", "referred"), "outcome", "required"),
                bad("oversize summary", e -> e.put("summary", "长".repeat(2001)), "summary", "too_long"),
                bad("oversize caller name", e -> e.put("caller", new JsonObject().put("name", "x".repeat(65))), "caller.name", "too_long"),
                bad("bad phone", e -> e.put("caller", new JsonObject().put("phone", "call me")), "caller.phone", "invalid_phone"),
                bad("unknown caller field", e -> e.put("caller", new JsonObject().put("email", "a@b")), "caller.email", "unknown_field"),
                bad("unknown field", e -> e.put("source", "spoofed"), "source", "unknown_field"),
                bad("too many attributes", e -> {
                    JsonObject a = new JsonObject();
                    for (int i = 0; i < 33; i++) {
                        a.put("k" + i, "v");
                    }
                    e.put("attributes", a);
                }, "attributes", "too_many"),
                bad("control character", e -> e.put("summary", "a\u0001b"), "summary", "control_character"));
    }

    private static Arguments bad(String name, Consumer<JsonObject> mutate, String field, String code) {
        return Arguments.of(name, mutate, field, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    @DisplayName("an invalid event gets 422 naming the field and is not stored")
    void invalidEventRefused(String name, Consumer<JsonObject> mutate, String field, String code) {
        String id = "bad-" + IDS.incrementAndGet();
        JsonObject event = TestEvents.received(id, "case-" + id);
        mutate.accept(event);

        Http.Response single = Http.postEvent(server.url(), TestServer.INGEST_KEY, event);
        assertThat(single.status()).as(single.body()).isEqualTo(422);
        assertThat(single.json().getString("field")).isEqualTo(field);
        assertThat(single.json().getString("code")).isEqualTo(code);

        Http.Response batch = Http.postBatch(server.url(), TestServer.INGEST_KEY, List.of(event));
        JsonObject line = batch.json().getJsonArray("results").getJsonObject(0);
        assertThat(line.getString("status")).isEqualTo("rejected");
        assertThat(line.getString("field")).isEqualTo(field);
        assertThat(line.getInteger("line")).isEqualTo(1);

        assertThat(storedCount("case-" + id)).isZero();
    }

    @Test
    @DisplayName("a batch mixing good, malformed and invalid lines stores the good ones and reports each line")
    void mixedBatch() {
        List<JsonObject> events = new ArrayList<>();
        events.add(TestEvents.received("mix-1", "case-mix-1"));
        events.add(TestEvents.received("mix-2", "case-mix-2").put("district", "999"));
        events.add(TestEvents.received("mix-3", "case-mix-3"));
        String body = events.get(0).encode() + "\n{not json\n\n" + events.get(1).encode() + "\n" + events.get(2).encode() + "\n";
        Http.Response r = Http.post(server.url() + "/api/v1/events/batch", TestServer.INGEST_KEY, "application/x-ndjson", body);
        assertThat(r.status()).isEqualTo(200);
        JsonObject json = r.json();
        assertThat(json.getInteger("accepted")).isEqualTo(2);
        assertThat(json.getInteger("rejected")).isEqualTo(2);
        assertThat(json.getJsonArray("results").stream().map(o -> ((JsonObject) o).getInteger("line") + ":" + ((JsonObject) o).getString("status")))
                .containsExactly("1:accepted", "2:rejected", "4:rejected", "5:accepted");
        assertThat(storedCount("case-mix-1") + storedCount("case-mix-3")).isEqualTo(2);
        assertThat(storedCount("case-mix-2")).isZero();
    }

    @Test
    @DisplayName("malformed JSON is 400, a wrong content type 415, an oversize body 413, too many events 413")
    void transportErrors() {
        Http.Response malformed = Http.post(server.url() + "/api/v1/events", TestServer.INGEST_KEY, "application/json", "{\"eventId\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("code")).isEqualTo("malformed_json");

        Http.Response wrongType = Http.post(server.url() + "/api/v1/events", TestServer.INGEST_KEY, "text/plain", "{}");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.json().getString("field")).isEqualTo("Content-Type");

        Http.Response ndjsonAsJson = Http.post(server.url() + "/api/v1/events/batch", TestServer.INGEST_KEY, "application/json", "{}");
        assertThat(ndjsonAsJson.status()).isEqualTo(415);

        Http.Response tooBig = Http.post(server.url() + "/api/v1/events/batch", TestServer.INGEST_KEY, "application/x-ndjson",
                (TestEvents.received("big", "big").encode() + "\n").repeat(400));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body()).contains("body_too_large");

        List<JsonObject> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(TestEvents.received("many-" + i, "many-" + i));
        }
        Http.Response tooMany = Http.postBatch(server.url(), TestServer.INGEST_KEY, many);
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().getString("code")).isEqualTo("too_many_events");
        assertThat(storedCount("many-0")).isZero();
    }

    @Test
    @DisplayName("the problem JSON names the offending field for the wall's integrators")
    void problemShape() {
        Http.Response r = Http.postEvent(server.url(), TestServer.INGEST_KEY, TestEvents.received("shape", "shape").put("town", "nowhere"));
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().getMap()).containsOnlyKeys("status", "code", "message", "field");
        assertThat(r.json().getMap()).containsEntry("status", 422).containsEntry("field", "town");
    }

    private static long storedCount(String caseId) {
        return server.server().clickHouse()
                .query("SELECT count() AS n FROM case_events WHERE case_id = {c:String}", Map.of("c", caseId))
                .single().getLong("n");
    }
}
