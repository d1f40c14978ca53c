package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.Pack;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A foreign city's real records: NYC 311 requests of 2011 under the nyc311 pack (zone
 * America/New_York, which the Shanghai-day roll-up cannot serve), posted as events, and the API's
 * daily counts per borough and complaint type checked against the CSV.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsNyc311Test {

    private static final Path CSV = Path.of("/work/shared/datasets/nyc311/311_subset_2011.csv");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US);

    /** One request: created, and closed when the CSV says so (and not before it was created). */
    private record Request(String key, String borough, String type, Instant created, Instant closed) {
    }

    private AnalyticsHarness harness;
    private final List<Request> requests = new ArrayList<>();
    private int skipped;

    @BeforeAll
    void start() throws IOException {
        harness = AnalyticsHarness.start(Files.createTempDirectory("analytics-nyc"), "nyc311", AnalyticsHarness.DEFAULT_LIMITS);
        Pack pack = harness.pack();
        List<JsonObject> events = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(CSV.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String borough = row.get("Borough");
                String board = row.get("Community Board");
                String type = row.get("Complaint Type");
                if (!pack.hasDistrict(borough) || !pack.hasTown(borough, board) || !pack.hasCaseType(type)) {
                    skipped++;
                    continue;
                }
                String channel = pack.hasChannel(row.get("Open Data Channel Type")) ? row.get("Open Data Channel Type") : "UNKNOWN";
                Instant created = time(row.get("Created Date"));
                Instant closed = row.get("Closed Date").isBlank() ? null : time(row.get("Closed Date"));
                if (closed != null && closed.isBefore(created)) {
                    closed = null;
                }
                Request r = new Request(row.get("Unique Key"), borough, type, created, closed);
                requests.add(r);
                JsonObject base = new JsonObject().put("caseId", "nyc-" + r.key()).put("receivedAt", created.toString())
                        .put("district", borough).put("town", board).put("caseType", type).put("channel", channel);
                events.add(base.copy().put("eventId", "nyc-" + r.key() + "-received").put("kind", "received")
                        .put("eventTime", created.toString()));
                if (closed != null) {
                    events.add(base.copy().put("eventId", "nyc-" + r.key() + "-mediated").put("kind", "mediated")
                            .put("eventTime", closed.toString()));
                }
            }
        }
        harness.ingest(events);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Instant time(String text) {
        return LocalDateTime.parse(text, CSV_TIME).atZone(NEW_YORK).toInstant();
    }

    @Test
    @DisplayName("daily received and closed per borough and complaint type equal the CSV's, in New York days")
    void dailyCountsPerBoroughAndType() {
        assertThat(requests).hasSizeGreaterThan(1800);
        assertThat(skipped).isPositive(); // "Unspecified" boroughs are not in the pack
        LocalDate from = LocalDate.of(2011, 2, 1);
        LocalDate to = LocalDate.of(2011, 12, 1);
        JsonObject json = harness.query("metrics=received,closed&groupBy=district,caseType&granularity=day&from=" + from + "&to=" + to);
        assertThat(json.getString("zone")).isEqualTo("America/New_York");
        assertThat(json.getString("source")).isEqualTo("events_by_minute");

        Map<String, Long> received = new HashMap<>();
        Map<String, Long> closed = new HashMap<>();
        for (Request r : requests) {
            count(received, r, r.created(), from, to);
            if (r.closed() != null) {
                count(closed, r, r.closed(), from, to);
            }
        }
        JsonArray buckets = json.getJsonArray("buckets");
        assertThat(buckets).hasSize((int) (to.toEpochDay() - from.toEpochDay()));
        assertThat(buckets.getString(41)).isEqualTo("2011-03-14T00:00:00-04:00"); // after the switch to daylight time
        Map<String, Long> actualReceived = new HashMap<>();
        Map<String, Long> actualClosed = new HashMap<>();
        JsonArray series = json.getJsonArray("series");
        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            String group = s.getJsonObject("key").getString("district") + "|" + s.getJsonObject("key").getString("caseType");
            JsonObject points = s.getJsonObject("points");
            for (int b = 0; b < buckets.size(); b++) {
                String day = ZonedDateTime.parse(buckets.getString(b)).toLocalDate().toString();
                long rc = points.getJsonObject("received").getJsonArray("value").getLong(b);
                long cc = points.getJsonObject("closed").getJsonArray("value").getLong(b);
                if (rc > 0) {
                    actualReceived.put(group + "|" + day, rc);
                }
                if (cc > 0) {
                    actualClosed.put(group + "|" + day, cc);
                }
            }
        }
        assertThat(actualReceived).isEqualTo(received);
        assertThat(actualClosed).isEqualTo(closed);
        assertThat(received.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(requests.size());
    }

    @Test
    @DisplayName("totals per borough over the whole span include requests closed years later")
    void totalsPerBorough() {
        JsonObject json = harness.query("metrics=received,closed,successRate&groupBy=district&from=2011-01-01&to=2016-01-01");
        assertThat(json.getString("source")).isEqualTo("events_by_minute");
        Map<String, long[]> expected = new HashMap<>();
        for (Request r : requests) {
            long[] c = expected.computeIfAbsent(r.borough(), b -> new long[2]);
            c[0]++;
            c[1] += r.closed() != null ? 1 : 0;
        }
        JsonArray series = json.getJsonArray("series");
        assertThat(series).hasSize(expected.size());
        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            long[] c = expected.get(s.getJsonObject("key").getString("district"));
            assertThat(s.getJsonObject("total").getJsonObject("received").getLong("value")).isEqualTo(c[0]);
            assertThat(s.getJsonObject("total").getJsonObject("closed").getLong("value")).isEqualTo(c[1]);
            assertThat(s.getJsonObject("labels").getString("district")).isEqualTo(harness.pack().districtName(s.getJsonObject("key").getString("district")));
        }
    }

    private static void count(Map<String, Long> into, Request r, Instant at, LocalDate from, LocalDate to) {
        LocalDate day = at.atZone(NEW_YORK).toLocalDate();
        if (!day.isBefore(from) && day.isBefore(to)) {
            into.merge(r.borough() + "|" + r.type() + "|" + day, 1L, Long::sum);
        }
    }
}
