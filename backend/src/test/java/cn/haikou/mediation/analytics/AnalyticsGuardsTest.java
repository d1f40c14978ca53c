package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may ask, what may be asked, and that nothing in a request can change the stored data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsGuardsTest {

    /** Small limits so that a small data set can exceed them. */
    private static final AppConfig.Analytics LIMITS = new AppConfig.Analytics(3660, 5, 500);
    private static final String HOSTILE_MEDIATOR = "x'); DROP TABLE case_events; --";

    private AnalyticsHarness harness;

    @BeforeAll
    void start() throws IOException {
        harness = AnalyticsHarness.start(Files.createTempDirectory("analytics-guards"), "haikou", LIMITS);
        List<JsonObject> events = new ArrayList<>(CaseDataset.generate(harness.pack(), 7L, 150, 0, List.of()).stream()
                .map(CaseDataset.Ev::json).toList());
        Instant at = Instant.parse("2025-06-01T02:00:00Z");
        events.add(new JsonObject().put("eventId", "hostile-1").put("caseId", "hostile").put("kind", "assigned")
                .put("eventTime", at.toString()).put("receivedAt", at.minusSeconds(3600).toString())
                .put("district", "460106").put("town", "金贸街道").put("caseType", "labour").put("channel", "phone")
                .put("committee", "labour").put("mediator", HOSTILE_MEDIATOR));
        harness.ingest(events);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @DisplayName("401 without a token or with an unknown one, 403 with a wall display's token, 200 for analyst and admin")
    void authorization() {
        for (String path : List.of("/api/v1/analytics/query?metrics=received&range=today", "/api/v1/analytics/dimensions")) {
            assertProblem(harness.get(path, null, null), 401, "Authorization", "unauthenticated");
            assertProblem(harness.get(path, "not-a-token-at-all-000000", null), 401, "Authorization", "invalid_token");
            assertProblem(harness.get(path, TestServer.DISPLAY_TOKEN, null), 403, "Authorization", "forbidden");
            assertThat(harness.get(path, TestServer.ANALYST_TOKEN, null).statusCode()).isEqualTo(200);
            assertThat(harness.get(path, AnalyticsHarness.ADMIN_TOKEN, null).statusCode()).isEqualTo(200);
        }
        // Refused before validation: a display token learns nothing about the parameters.
        assertProblem(harness.get("/api/v1/analytics/query?metrics=nonsense", TestServer.DISPLAY_TOKEN, null), 403,
                "Authorization", "forbidden");
    }

    @Test
    @DisplayName("limits and unknown names answer 400 naming the offending parameter")
    void limits() {
        refused("metrics=received&from=2000-01-01&to=2020-01-01", "to", "range_too_long");
        refused("metrics=received&granularity=hour&from=2025-01-01&to=2025-02-02", "granularity", "too_many_buckets");
        assertThat(harness.get(q("metrics=received&granularity=hour&from=2025-01-01&to=2025-01-21")).statusCode()).isEqualTo(200);
        refused("metrics=received&groupBy=town&from=2024-01-01&to=2026-01-01", "groupBy", "too_many_groups");
        assertThat(harness.query("metrics=received&groupBy=town&top=5&from=2024-01-01&to=2026-01-01")
                .getJsonArray("series")).hasSize(5);
        refused("metrics=received&groupBy=district&granularity=day&from=2024-01-01&to=2024-08-01", "groupBy", "too_many_rows");
        refused("metrics=received&granularity=day&from=2024-01-01&to=2025-06-01", "granularity", "too_many_rows");
        refused("metrics=" + String.join(",", AnalyticsApiTest.ALL_METRICS)
                + "&groupBy=district&granularity=day&from=2024-01-01&to=2024-03-01&compare=previous,yoy", "metrics", "too_many_values");
        refused("metrics=received&groupBy=town&top=6&range=last7d", "top", "out_of_range");
        refused("metrics=received&groupBy=town&top=0&range=last7d", "top", "out_of_range");
        refused("metrics=received&groupBy=town&top=-1&range=last7d", "top", "invalid_number");
        refused("metrics=received,bogus&range=today", "metrics", "unknown_metric");
        refused("range=today", "metrics", "required");
        refused("metrics=received&groupBy=region&range=today", "groupBy", "unknown_dimension");
        refused("metrics=received&groupBy=district,town,channel&range=today", "groupBy", "too_many");
        refused("metrics=received&granularity=quarter&range=today", "granularity", "unknown_granularity");
        refused("metrics=received&from=2025-02-01&to=2025-01-01", "to", "empty_range");
        refused("metrics=received&from=2025-01-01&to=2025-01-01", "to", "empty_range");
        refused("metrics=received&from=2025-01-32&to=2025-02-01", "from", "invalid_time");
        refused("metrics=received&from=2025-01-01", "to", "required");
        refused("metrics=received", "range", "required");
        refused("metrics=received&range=today&from=2025-01-01", "range", "conflict");
        refused("metrics=received&range=nextWeek", "range", "unknown_range");
        refused("metrics=received&range=today&compare=mom", "compare", "unknown_comparison");
        refused("metrics=received&range=today&orderBy=bogus", "orderBy", "unknown_metric");
        refused("metrics=received&range=today&order=sideways", "order", "invalid_value");
        refused("metrics=received&range=today&source=cache", "source", "invalid_value");
        refused("metrics=received&range=today&format=xml", "format", "unknown_format");
        refused("metrics=received&range=today&filter.district=999999", "filter.district", "unknown_value");
        refused("metrics=received&range=today&filter.kind=closed", "filter.kind", "unknown_value");
        refused("metrics=received&range=today&filter.region=x", "filter.region", "unknown_parameter");
        refused("metrics=received&range=today&limit=5", "limit", "unknown_parameter");
        refused("metrics=received&range=today&range=yesterday", "range", "repeated");
    }

    /** Quotes, comments, second statements, format and settings switches, huge numbers, NUL, unicode, long text. */
    static final List<String> CORPUS = List.of(
            "'", "\"", "`", "\\", "\\'", "' OR '1'='1", "received' OR 1=1 --", "received -- comment", "received/*x*/",
            "received /* */ , failed", "received) UNION SELECT event_id FROM case_events --",
            "received UNION ALL SELECT 1", "1; DROP TABLE case_events", "received; DROP TABLE case_events; --",
            "') ; TRUNCATE TABLE case_events; --", "x FORMAT TSV", "received FORMAT JSON", "1 SETTINGS max_execution_time=1",
            "1e309", "99999999999999999999", "-1", "0x10", "NaN", "inf", "a\u0000b", "\u0000", "区'；--", "\u202eevil",
            "😀' OR 1=1", "a\nb", "a\tb", "a\rb", "{from:String}", "{tz:String}", "${jndi:ldap://x/a}", "%00", "%27",
            "2026-01-01' OR '1'='1", "2026-01-01T00:00:00Z; DROP TABLE case_events", "today' --",
            "A".repeat(3000), "区".repeat(300));

    static final List<String> PARAMETERS = List.of("metrics", "groupBy", "granularity", "range", "from", "to", "compare", "top",
            "orderBy", "order", "source", "format", "filter.caseType", "filter.district", "filter.town", "filter.channel",
            "filter.committee", "filter.mediator", "filter.kind");

    @Test
    @DisplayName("hostile text in every parameter gets a 400 or is matched as plain data; the stored data is unchanged")
    void injectionCorpus() {
        List<String> before = fingerprint();
        int refused = 0;
        int data = 0;
        for (String parameter : PARAMETERS) {
            for (String payload : CORPUS) {
                String qs = baseFor(parameter) + "&" + enc(parameter) + "=" + enc(payload);
                HttpResponse<String> r = harness.get(q(qs));
                String at = parameter + "=" + abbreviate(payload);
                assertThat(r.statusCode()).as(at + " -> " + r.body()).isIn(200, 400);
                if (r.statusCode() == 400) {
                    String field = new JsonObject(r.body()).getString("field");
                    if (parameter.equals("from") || parameter.equals("to") || parameter.equals("range")) {
                        assertThat(field).as(at).isIn("from", "to", "range");
                    } else {
                        assertThat(field).as(at).isEqualTo(parameter);
                    }
                    refused++;
                } else {
                    // Accepted only as a mediator name to match: it matches no event.
                    assertThat(parameter).as(at).isEqualTo("filter.mediator");
                    assertThat(new JsonObject(r.body()).getJsonArray("series").getJsonObject(0).getJsonObject("total")
                            .getJsonObject("events").getLong("value")).as(at).isZero();
                    data++;
                }
            }
            // The payload as a parameter name.
            for (String payload : CORPUS.subList(0, 20)) {
                HttpResponse<String> r = harness.get(q("metrics=received&range=today&" + enc(payload) + "=1"));
                assertThat(r.statusCode()).as("name " + abbreviate(payload)).isEqualTo(400);
            }
        }
        assertThat(refused).isGreaterThan(data);
        assertThat(data).isPositive();
        // Beyond the HTTP server's request-line limit: refused before any handler runs.
        assertThat(harness.get(q("metrics=received&range=today&filter.mediator=" + "B".repeat(100_000))).statusCode())
                .isBetween(400, 431);
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    @DisplayName("a stored mediator name that looks like SQL is grouped and filtered as plain text")
    void hostileStoredValue() {
        JsonObject grouped = harness.query("metrics=events&groupBy=mediator&top=5&from=2025-06-01&to=2025-06-02"
                + "&filter.mediator=" + enc(HOSTILE_MEDIATOR));
        assertThat(grouped.getJsonArray("series")).hasSize(1);
        JsonObject series = grouped.getJsonArray("series").getJsonObject(0);
        assertThat(series.getJsonObject("key").getString("mediator")).isEqualTo(HOSTILE_MEDIATOR);
        assertThat(series.getJsonObject("total").getJsonObject("events").getLong("value")).isEqualTo(1);
        assertThat(harness.sql("SELECT count() AS n FROM case_events").get(0).getLong("n")).isPositive();
    }

    /** A valid request that the parameter under test is added to (so that its own value decides). */
    private static String baseFor(String parameter) {
        return switch (parameter) {
            case "metrics" -> "range=today";
            case "range" -> "metrics=events";
            case "from" -> "metrics=events&to=2025-07-01";
            case "to" -> "metrics=events&from=2025-06-01";
            default -> "metrics=events&from=2025-06-01&to=2025-07-01";
        };
    }

    /** What must not change: the events, the roll-ups, the tables and the applied migrations. */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        for (String sql : List.of(
                "SELECT count() AS n, sum(cityHash64(event_id)) AS h FROM case_events",
                "SELECT sum(events) AS n, sum(cityHash64(mediator)) AS h FROM events_by_day",
                "SELECT sum(events) AS n, sum(cityHash64(town)) AS h FROM events_by_minute",
                "SELECT count() AS n, groupArray(name) AS h FROM (SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name)",
                "SELECT count() AS n, max(version) AS h FROM schema_migrations")) {
            Row row = harness.sql(sql).get(0);
            out.add(row.get("n").toString() + "/" + row.get("h").toString());
        }
        return out;
    }

    private void refused(String qs, String field, String code) {
        assertProblem(harness.get(q(qs)), 400, field, code);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("field")).as(r.body()).isEqualTo(field);
        assertThat(body.getString("code")).as(r.body()).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
    }

    private static String q(String qs) {
        return "/api/v1/analytics/query?" + qs;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "...(" + s.length() + ")" : s;
    }
}
