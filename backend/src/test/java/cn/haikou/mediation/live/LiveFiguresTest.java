package cn.haikou.mediation.live;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.testing.BridgeClient;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Posts a few thousand random events, then checks that every figure pushed to the screens equals
 * the same figure computed by SQL over the stored raw events (not the roll-ups the server reads).
 */
@DisplayName("Live figures equal SQL over the stored events")
class LiveFiguresTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path data;
    static TestServer server;
    static Vertx vertx;
    static BridgeClient screen;
    static ClickHouse ch;
    static LocalDate today;

    @BeforeAll
    static void postRandomEvents() throws Exception {
        server = TestServer.start(data, o -> o.with("live").put("slowRefreshMs", 200).put("idleRefreshMs", 500));
        ch = server.server().clickHouse();
        vertx = Vertx.vertx();
        List<JsonObject> events = RandomCases.generate(7, 900, Instant.now());
        RandomCases.post(server.url(), events);
        assertThat(events.size()).isGreaterThan(3000);
        // History arriving while the server runs (an import): cases older than the live window,
        // some this year and some before, concluded so that they are in no case-state count.
        List<JsonObject> history = new ArrayList<>();
        for (int daysAgo : new int[] {35, 60, 150, 300, 400, 800}) {
            Instant received = Instant.now().minus(Duration.ofDays(daysAgo)).truncatedTo(ChronoUnit.MILLIS);
            String caseId = "history-" + daysAgo;
            history.add(TestEvents.event(caseId + "-r", caseId, "received", received, received));
            // one committee only these concluded cases had: the workload lists it with no open case
            history.add(TestEvents.event(caseId + "-m", caseId, "mediated", received.plus(Duration.ofDays(1)), received)
                    .put("committee", "medical"));
        }
        Http.Response imported = Http.postBatch(server.url(), TestServer.INGEST_KEY, history);
        assertThat(imported.json().getInteger("rejected")).as(imported.body()).isZero();
        long stored = ch.query("SELECT count() AS n FROM case_events").single().getLong("n");
        assertThat(stored).isEqualTo(events.size() + history.size());
        screen = BridgeClient.connect(vertx, server.port(), TestServer.DISPLAY_TOKEN);
        screen.register(LiveAddresses.ALL.toArray(String[]::new));
        // Every stored event is in the in-memory figures once the total matches ...
        screen.await(LiveAddresses.KPI, m -> m.getJsonObject("data").getJsonObject("received").getLong("total")
                == count("SELECT count() AS n FROM case_events WHERE kind = 'received'"), Duration.ofSeconds(10));
        // ... and the case-state figures once they were computed after that.
        Instant applied = Instant.now();
        screen.await(LiveAddresses.KPI, m -> Instant.parse(m.getJsonObject("data").getString("casesAsOf")).isAfter(applied),
                Duration.ofSeconds(10));
        screen.await(LiveAddresses.WORKLOAD, m -> Instant.parse(m.getJsonObject("data").getString("asOf")).isAfter(applied),
                Duration.ofSeconds(10));
        screen.await(LiveAddresses.OVERDUE, m -> Instant.parse(m.getJsonObject("data").getString("asOf")).isAfter(applied),
                Duration.ofSeconds(10));
        screen.await(LiveAddresses.MASS, m -> Instant.parse(m.getJsonObject("data").getString("asOf")).isAfter(applied),
                Duration.ofSeconds(10));
        today = LocalDate.now(ZONE);
    }

    @AfterAll
    static void stop() {
        screen.close();
        vertx.close().await();
        server.close();
    }

    @Test
    @DisplayName("KPI indicators for today, 7 and 30 days, and the received totals")
    void kpi() {
        JsonObject kpi = data(LiveAddresses.KPI);
        for (Map.Entry<String, Integer> w : Map.of("today", 1, "7d", 7, "30d", 30).entrySet()) {
            JsonObject pushed = kpi.getJsonObject(w.getKey());
            Row sql = ch.query("""
                    SELECT countIf(kind = 'received') AS received, countIf(kind IN ('mediated', 'failed')) AS closed,
                           countIf(kind = 'mediated') AS mediated, countIf(kind = 'failed') AS failed,
                           countIf(kind = 'followed_up') AS followed, countIf(kind = 'followed_up' AND satisfaction >= 4) AS satisfied,
                           sumIf(satisfaction, kind = 'followed_up') AS satisfaction_sum,
                           countIf(kind IN ('mediated', 'failed') AND event_time <= close_due_at) AS on_time,
                           countIf(kind = 'accepted') AS accepted,
                           sumIf(dateDiff('millisecond', received_at, event_time), kind = 'accepted') AS accept_ms,
                           sumIf(dateDiff('millisecond', received_at, event_time), kind IN ('mediated', 'failed')) AS close_ms,
                           toString(sumIf(amount_involved, kind IN ('mediated', 'failed'))) AS involved,
                           toString(sumIf(amount_recovered, kind = 'mediated')) AS recovered,
                           countIf(kind = 'received' AND parties >= 5) AS mass
                    FROM case_events WHERE toDate(event_time, 'Asia/Shanghai') BETWEEN {from:Date} AND {to:Date}""",
                    Map.of("from", today.minusDays(w.getValue() - 1L), "to", today)).single();
            String at = "window " + w.getKey();
            assertThat(pushed.getLong("received")).as(at).isEqualTo(sql.getLong("received"));
            assertThat(pushed.getLong("closed")).as(at).isEqualTo(sql.getLong("closed"));
            assertThat(pushed.getLong("massDisputes")).as(at).isEqualTo(sql.getLong("mass"));
            assertRatio(pushed.getDouble("successRate"), sql.getLong("mediated"), sql.getLong("closed"), at);
            assertRatio(pushed.getDouble("onTimeRate"), sql.getLong("on_time"), sql.getLong("closed"), at);
            assertRatio(pushed.getDouble("satisfactionRate"), sql.getLong("satisfied"), sql.getLong("followed"), at);
            assertRatio(pushed.getDouble("meanSatisfaction"), sql.getLong("satisfaction_sum"), sql.getLong("followed"), at);
            if (sql.getLong("accepted") > 0) {
                assertThat(pushed.getDouble("meanAcceptMinutes")).as(at)
                        .isCloseTo(sql.getLong("accept_ms") / 60000.0 / sql.getLong("accepted"), within(0.005));
            }
            if (sql.getLong("closed") > 0) {
                assertThat(pushed.getDouble("meanCloseDays")).as(at)
                        .isCloseTo(sql.getLong("close_ms") / 86_400_000.0 / sql.getLong("closed"), within(0.005));
            }
            assertThat(new BigDecimal(pushed.getValue("amountInvolved").toString())).as(at).isEqualByComparingTo(sql.getString("involved"));
            assertThat(new BigDecimal(pushed.getValue("amountRecovered").toString())).as(at).isEqualByComparingTo(sql.getString("recovered"));
        }
        Row totals = ch.query("""
                SELECT countIf(toDate(event_time, 'Asia/Shanghai') = {today:Date}) AS today,
                       countIf(toStartOfMonth(toDate(event_time, 'Asia/Shanghai')) = toStartOfMonth({today:Date})) AS month,
                       countIf(toYear(toDate(event_time, 'Asia/Shanghai')) = toYear({today:Date})) AS year,
                       count() AS total
                FROM case_events WHERE kind = 'received'""", Map.of("today", today)).single();
        JsonObject received = kpi.getJsonObject("received");
        for (String k : List.of("today", "month", "year", "total")) {
            assertThat(received.getLong(k)).as("received " + k).isEqualTo(totals.getLong(k));
        }
    }

    @Test
    @DisplayName("in progress, overdue (by level) and open mass disputes")
    void caseState() {
        JsonObject kpi = data(LiveAddresses.KPI);
        Row sql = ch.query("SELECT countIf(open) AS in_progress, countIf(overdue) AS overdue, countIf(open AND parties >= 5) AS mass_open"
                + " FROM (" + CASES_AT_NOW + ")", Map.of("now", Instant.parse(kpi.getString("casesAsOf")))).single();
        assertThat(kpi.getLong("inProgress")).isEqualTo(sql.getLong("in_progress"));
        assertThat(kpi.getLong("overdue")).isEqualTo(sql.getLong("overdue")).isPositive();
        assertThat(kpi.getLong("massOpen")).isEqualTo(sql.getLong("mass_open")).isPositive();
        JsonObject overdue = data(LiveAddresses.OVERDUE);
        JsonObject levels = overdue.getJsonObject("byLevel");
        assertThat(levels.getLong("red") + levels.getLong("orange") + levels.getLong("yellow")).isEqualTo(overdue.getLong("count"));
        assertThat(data(LiveAddresses.MASS).getLong("count")).isEqualTo(sql.getLong("mass_open"));
    }

    @Test
    @DisplayName("type, channel and regional shares for every window")
    void shares() {
        for (String window : List.of("today", "7d", "30d")) {
            int days = Map.of("today", 1, "7d", 7, "30d", 30).get(window);
            assertThat(toMap(data(LiveAddresses.TYPES).getJsonArray(window), "code"))
                    .isEqualTo(grouped("case_type", days));
            assertThat(toMap(data(LiveAddresses.CHANNELS).getJsonArray(window), "code"))
                    .isEqualTo(grouped("channel", days));
            Map<String, Long> towns = new TreeMap<>();
            Map<String, Long> districts = new TreeMap<>();
            for (Object o : data(LiveAddresses.REGIONS).getJsonArray("districts")) {
                JsonObject d = (JsonObject) o;
                if (d.getLong(window) > 0) {
                    districts.put(d.getString("code"), d.getLong(window));
                }
                for (Object t : d.getJsonArray("towns")) {
                    JsonObject town = (JsonObject) t;
                    if (town.getLong(window) > 0) {
                        towns.put(d.getString("code") + "/" + town.getString("name"), town.getLong(window));
                    }
                }
            }
            assertThat(districts).as(window).isEqualTo(grouped("district", days));
            assertThat(towns).as(window).isEqualTo(grouped("concat(district, '/', town)", days));
        }
    }

    @Test
    @DisplayName("the 24 h trend against yesterday, hour by hour")
    void trend() {
        JsonObject trend = data(LiveAddresses.TREND);
        for (String series : List.of("receivedToday", "receivedYesterday", "closedToday", "closedYesterday")) {
            LocalDate day = series.endsWith("Today") ? today : today.minusDays(1);
            String kinds = series.startsWith("received") ? "('received')" : "('mediated', 'failed')";
            long[] expected = new long[24];
            try (QueryResult rows = ch.query("SELECT toHour(event_time, 'Asia/Shanghai') AS h, count() AS n FROM case_events"
                    + " WHERE kind IN " + kinds + " AND toDate(event_time, 'Asia/Shanghai') = {day:Date} GROUP BY h", Map.of("day", day))) {
                for (Row r : rows) {
                    expected[r.getInt("h")] = r.getLong("n");
                }
            }
            JsonArray pushed = trend.getJsonArray(series);
            for (int h = 0; h < pushed.size(); h++) {
                assertThat(pushed.getLong(h)).as(series + " hour " + h).isEqualTo(expected[h]);
            }
            for (int h = pushed.size(); h < 24; h++) {
                assertThat(expected[h]).as(series + " hour " + h + " (not pushed yet)").isZero();
            }
        }
    }

    @Test
    @DisplayName("hot spots: the top town x type pairs of the last 7 days")
    void hotspots() {
        List<String> expected = new ArrayList<>();
        try (QueryResult rows = ch.query("""
                SELECT concat(district, '|', town, '|', case_type) AS k, count() AS n FROM case_events
                WHERE kind = 'received' AND toDate(event_time, 'Asia/Shanghai') >= {from:Date}
                GROUP BY k ORDER BY n DESC, k LIMIT 10""", Map.of("from", today.minusDays(6)))) {
            for (Row r : rows) {
                expected.add(r.getString("k") + "=" + r.getLong("n"));
            }
        }
        List<String> pushed = new ArrayList<>();
        data(LiveAddresses.HOTSPOTS).getJsonArray("7d").forEach(o -> {
            JsonObject h = (JsonObject) o;
            pushed.add(h.getString("district") + "|" + h.getString("town") + "|" + h.getString("caseType") + "=" + h.getLong("count"));
        });
        assertThat(pushed).isEqualTo(expected).isNotEmpty();
    }

    @Test
    @DisplayName("mediator workload: open cases per mediator")
    void workload() {
        Map<String, Long> expected = new TreeMap<>();
        try (QueryResult rows = ch.query("""
                SELECT mediator, count() AS open FROM (
                    SELECT case_id, argMaxIf(mediator, event_time, mediator != '') AS mediator,
                           countIf(kind IN ('mediated', 'failed')) = 0 AND countIf(kind = 'archived') = 0 AS is_open
                    FROM case_events GROUP BY case_id)
                WHERE mediator != '' AND is_open GROUP BY mediator""")) {
            for (Row r : rows) {
                expected.put(r.getString("mediator"), r.getLong("open"));
            }
        }
        Map<String, Long> pushed = new TreeMap<>();
        data(LiveAddresses.WORKLOAD).getJsonArray("mediators").forEach(o -> {
            JsonObject m = (JsonObject) o;
            if (m.getLong("open") > 0) {
                pushed.put(m.getString("mediator"), m.getLong("open"));
            }
        });
        assertThat(pushed).isEqualTo(expected).isNotEmpty();
    }

    /** Each case as the raw events say it is, at {@code now}: the oracle of the case-state lists. */
    private static final String CASES_AT_NOW = """
            SELECT case_id, any(received_at) AS received_at, max(parties) AS parties,
                   argMaxIf(committee, event_time, committee != '') AS committee,
                   countIf(kind IN ('mediated', 'failed')) = 0 AND countIf(kind = 'archived') = 0 AS open,
                   countIf(kind = 'accepted') > 0 AS accepted,
                   min(accept_due_at) AS accept_due, max(close_due_at) AS close_due,
                   if(NOT accepted AND accept_due < {now:DateTime64(3, 'UTC')}, accept_due, close_due) AS due,
                   open AND (close_due < {now:DateTime64(3, 'UTC')} OR (NOT accepted AND accept_due < {now:DateTime64(3, 'UTC')})) AS overdue
            FROM case_events GROUP BY case_id""";

    @Test
    @DisplayName("overdue and mass-dispute lists hold the most overdue and the newest cases; committees list every one with its open cases")
    void caseLists() {
        // each list against the same list computed at the instant its panel was computed
        JsonObject overdue = data(LiveAddresses.OVERDUE);
        assertThat(shownTimes(overdue, "due_at")).hasSize(LiveQueries.LIST_SIZE)
                .isEqualTo(sqlTimes(overdue, "SELECT due AS t FROM (" + CASES_AT_NOW + ") WHERE overdue ORDER BY due"));
        JsonObject mass = data(LiveAddresses.MASS);
        assertThat(shownTimes(mass, "received_at")).hasSize(LiveQueries.LIST_SIZE)
                .isEqualTo(sqlTimes(mass, "SELECT received_at AS t FROM (" + CASES_AT_NOW + ") WHERE open AND parties >= 5 ORDER BY received_at DESC"));

        JsonObject workload = data(LiveAddresses.WORKLOAD);
        Map<String, Long> expectedCommittees = new TreeMap<>();
        try (QueryResult rows = ch.query("SELECT committee, countIf(open) AS open FROM (" + CASES_AT_NOW + ")"
                + " WHERE committee != '' GROUP BY committee", Map.of("now", Instant.parse(workload.getString("asOf"))))) {
            rows.forEach(r -> expectedCommittees.put(r.getString("committee"), r.getLong("open")));
        }
        Map<String, Long> pushedCommittees = new TreeMap<>();
        workload.getJsonArray("committees").forEach(o -> pushedCommittees.put(((JsonObject) o).getString("committee"),
                ((JsonObject) o).getLong("open")));
        // every committee, those without open cases too
        assertThat(pushedCommittees).isEqualTo(expectedCommittees).containsValue(0L);
    }

    /** The {@code field} time of each item of a list panel. */
    private static List<Instant> shownTimes(JsonObject panel, String field) {
        return panel.getJsonArray("items").stream().map(o -> Instant.parse(((JsonObject) o).getString(field))).toList();
    }

    /** Column {@code t} of the first {@link LiveQueries#LIST_SIZE} rows of {@code sql}, run as of the panel's {@code asOf}. */
    private static List<Instant> sqlTimes(JsonObject panel, String sql) {
        List<Instant> out = new ArrayList<>();
        try (QueryResult rows = ch.query(sql + " LIMIT {n:UInt32}", Map.of("now", Instant.parse(panel.getString("asOf")), "n", LiveQueries.LIST_SIZE))) {
            rows.forEach(r -> out.add(r.getInstant("t")));
        }
        return out;
    }

    private static JsonObject data(String address) {
        JsonObject latest = screen.latest(address);
        assertThat(latest).as("a message on " + address).isNotNull();
        return latest.getJsonObject("data");
    }

    private static Map<String, Long> grouped(String expression, int days) {
        Map<String, Long> out = new TreeMap<>();
        try (QueryResult rows = ch.query("SELECT " + expression + " AS k, count() AS n FROM case_events WHERE kind = 'received'"
                + " AND toDate(event_time, 'Asia/Shanghai') >= {from:Date} GROUP BY k", Map.of("from", today.minusDays(days - 1L)))) {
            for (Row r : rows) {
                out.put(r.getString("k"), r.getLong("n"));
            }
        }
        return out;
    }

    private static Map<String, Long> toMap(JsonArray items, String key) {
        Map<String, Long> out = new TreeMap<>();
        items.forEach(o -> {
            JsonObject item = (JsonObject) o;
            if (item.getLong("count") > 0) {
                out.put(item.getString(key), item.getLong("count"));
            }
        });
        return out;
    }

    private static void assertRatio(Double pushed, long part, long whole, String at) {
        if (whole == 0) {
            assertThat(pushed).as(at).isNull();
        } else {
            assertThat(pushed).as(at).isCloseTo((double) part / whole, within(0.00005)); // pushed with 4 decimals
        }
    }

    private static long count(String sql) {
        return ch.query(sql).single().getLong("n");
    }
}
