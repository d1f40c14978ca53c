package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.Pack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics API against a known data set: ~1,560 generated cases (~9,000 events) posted
 * through the real ingest API, and every figure the API returns checked against the same events
 * counted in Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest {

    /** Every metric; "events" first, so groups rank by event count (the oracle's order). */
    static final List<String> ALL_METRICS = Arrays.stream(Metric.values()).map(Metric::code).toList();

    private AnalyticsHarness harness;
    private List<CaseDataset.Ev> events;
    private Oracle oracle;

    @BeforeAll
    void start() throws IOException {
        Path dir = Files.createTempDirectory("analytics-api");
        harness = AnalyticsHarness.start(dir, "haikou", AnalyticsHarness.DEFAULT_LIMITS);
        Pack pack = harness.pack();
        events = CaseDataset.generate(pack, 20190520L, 1200, 120, List.of(
                LocalDateTime.of(2025, 3, 3, 0, 0), LocalDateTime.of(2025, 2, 24, 0, 0), LocalDateTime.of(2024, 3, 3, 0, 0)));
        harness.ingest(events.stream().map(CaseDataset.Ev::json).toList());
        oracle = new Oracle(events);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Each granularity over a range that exercises it, grouped by nothing and by each dimension. */
    static Stream<Arguments> granularityAndDimension() {
        List<Arguments> out = new ArrayList<>();
        Map<String, LocalDate[]> ranges = new LinkedHashMap<>();
        ranges.put("hour", new LocalDate[] {LocalDate.of(2025, 3, 4), LocalDate.of(2025, 3, 7)});
        ranges.put("day", new LocalDate[] {LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1)});
        ranges.put("week", new LocalDate[] {LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 7)});
        ranges.put("month", new LocalDate[] {LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)});
        ranges.forEach((g, r) -> {
            out.add(Arguments.of(g, null, r[0], r[1]));
            for (Dimension d : Dimension.values()) {
                out.add(Arguments.of(g, d, r[0], r[1]));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("granularityAndDimension")
    @DisplayName("every metric, bucket and comparison matches the events counted in Java; raw events give the same")
    void figuresMatchTheEvents(String granularity, Dimension dimension, LocalDate from, LocalDate to) {
        String qs = "metrics=" + String.join(",", ALL_METRICS) + "&granularity=" + granularity
                + "&from=" + from + "&to=" + to + "&compare=previous,yoy"
                + (dimension == null ? "" : "&groupBy=" + dimension.code());
        JsonObject json = harness.query(qs);
        oracle.verify(json, spec(dimension == null ? List.of() : List.of(dimension), Map.of(), granularity, from, to,
                List.of("previous", "yoy")));
        assertThat(json.getJsonArray("series")).isNotEmpty();

        if (granularity.equals("hour") || granularity.equals("day")) {
            // The same figures from raw events: these two granularities cover both roll-ups.
            JsonObject raw = harness.query(qs + "&source=raw");
            assertThat(raw.getString("source")).isEqualTo("case_events");
            assertThat(raw.getJsonArray("series")).isEqualTo(json.getJsonArray("series"));
        }
    }

    @Test
    @DisplayName("hourly and short queries read the minute roll-up, district/type figures the compact day roll-up, others the full one")
    void choosesTheRollups() {
        assertSources("metrics=received&granularity=hour&from=2025-03-03&to=2025-03-04", "events_by_minute");
        assertSources("metrics=received&granularity=day&from=2025-03-01&to=2025-04-01", "events_by_day_type");
        assertSources("metrics=received&groupBy=district&filter.caseType=labour&from=2025-03-01&to=2025-04-01", "events_by_day_type");
        assertSources("metrics=received&groupBy=town&granularity=day&from=2025-03-01&to=2025-04-01", "events_by_day");
        assertSources("metrics=received&groupBy=mediator&granularity=hour&from=2025-03-03&to=2025-03-04", "case_events");
        assertSources("metrics=received&from=2025-03-03T10:00:30%2B08:00&to=2025-03-04", "case_events");
        assertSources("metrics=received,closeTimeP90&from=2025-03-01&to=2025-04-01", "events_by_day_type", "durations_by_day");
        assertSources("metrics=received,closeTimeP90&groupBy=town&from=2025-03-01&to=2025-04-01", "events_by_day", "case_events");
        assertSources("metrics=received,closeTimeP90&from=2025-03-01&to=2025-04-01&source=raw", "case_events");
    }

    private void assertSources(String qs, String... tables) {
        JsonObject json = harness.query(qs);
        assertThat(json.getJsonArray("sources").getList()).as(qs).containsExactly((Object[]) tables);
        assertThat(json.getString("source")).isEqualTo(tables[0]);
    }

    @Test
    @DisplayName("two dimensions with filters on others, including kind")
    void twoDimensionsAndFilters() {
        String qs = "metrics=" + String.join(",", ALL_METRICS) + "&groupBy=district,caseType&granularity=month"
                + "&from=2025-01-01&to=2025-07-01&compare=previous,yoy"
                + "&filter.channel=phone,wechat,web&filter.kind=received,mediated,failed,followed_up";
        JsonObject json = harness.query(qs);
        oracle.verify(json, spec(List.of(Dimension.DISTRICT, Dimension.CASE_TYPE),
                Map.of(Dimension.CHANNEL, Set.of("phone", "wechat", "web"),
                        Dimension.KIND, Set.of("received", "mediated", "failed", "followed_up")),
                "month", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 7, 1), List.of("previous", "yoy")));
        JsonObject first = json.getJsonArray("series").getJsonObject(0);
        assertThat(first.getString("name")).contains(" / ");
        assertThat(first.getJsonObject("labels").getString("district")).endsWith("区");

        String byMediator = "metrics=events,received,closed,successRate,closeTimeP50&groupBy=mediator&granularity=week"
                + "&from=2025-01-06&to=2025-03-03&filter.mediator=" + enc("=1+1") + "," + enc("王芳") + "&filter.committee=,labour,town";
        oracle.verify(harness.query(byMediator), spec(List.of("events", "received", "closed", "successRate", "closeTimeP50"),
                List.of(Dimension.MEDIATOR),
                Map.of(Dimension.MEDIATOR, Set.of("=1+1", "王芳"), Dimension.COMMITTEE, Set.of("", "labour", "town")),
                "week", LocalDate.of(2025, 1, 6), LocalDate.of(2025, 3, 3), List.of()));
    }

    @Test
    @DisplayName("top N ranks groups by the chosen metric, also by a percentile and ascending")
    void topN() {
        LocalDate from = LocalDate.of(2024, 7, 1);
        LocalDate to = LocalDate.of(2025, 7, 1);
        checkTop("received", false, 5, from, to);
        checkTop("successRate", true, 4, from, to);
        checkTop("closeTimeP90", false, 3, from, to);
        checkTop("amountRecovered", false, 6, from, to);
    }

    private void checkTop(String metric, boolean ascending, int top, LocalDate from, LocalDate to) {
        JsonObject json = harness.query("metrics=received," + metric + "&groupBy=town&top=" + top + "&orderBy=" + metric
                + (ascending ? "&order=asc" : "") + "&from=" + from + "&to=" + to + "&compare=yoy");
        ZonedDateTime f = from.atStartOfDay(CaseDataset.ZONE);
        ZonedDateTime t = to.atStartOfDay(CaseDataset.ZONE);
        Map<String, List<CaseDataset.Ev>> byTown = events.stream()
                .filter(e -> !e.eventTime().isBefore(f.toInstant()) && e.eventTime().isBefore(t.toInstant()))
                .filter(e -> kindsOf(metric).contains(e.kind()) || e.kind().equals("received"))
                .collect(Collectors.groupingBy(CaseDataset.Ev::town));
        Comparator<String> byValue = Comparator.comparing(town -> (Comparable) toDouble(Oracle.value(metric, byTown.get(town))),
                Comparator.nullsLast(ascending ? Comparator.naturalOrder() : Comparator.<Comparable>reverseOrder()));
        List<String> expected = byTown.keySet().stream().sorted(byValue.thenComparing(Comparator.naturalOrder())).limit(top).toList();
        JsonArray series = json.getJsonArray("series");
        List<String> actual = series.stream().map(s -> ((JsonObject) s).getJsonObject("key").getString("town")).toList();
        assertThat(actual).as("top " + top + " towns by " + metric).isEqualTo(expected);
        for (int i = 0; i < series.size(); i++) {
            Oracle.assertNumber(series.getJsonObject(i).getJsonObject("total").getJsonObject(metric).getValue("value"),
                    Oracle.value(metric, byTown.get(expected.get(i))), metric + " of " + expected.get(i));
        }
    }

    /** Only groups with events of the kinds a metric reads are ranked; "received" is requested beside it. */
    private static Set<String> kindsOf(String metric) {
        return switch (metric) {
            case "received" -> Set.of("received");
            case "amountRecovered" -> Set.of("mediated");
            default -> Set.of("mediated", "failed");
        };
    }

    private static Double toDouble(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Test
    @DisplayName("CSV export: UTF-8 BOM, Chinese header and labels, the same numbers as JSON")
    void csvExport() {
        String qs = "metrics=received,successRate,amountRecovered,closeTimeMean&groupBy=mediator&granularity=month"
                + "&from=2025-01-01&to=2025-04-01&compare=previous,yoy";
        JsonObject json = harness.query(qs);
        HttpResponse<String> viaParam = harness.get("/api/v1/analytics/query?" + qs + "&format=csv");
        HttpResponse<String> viaAccept = harness.get("/api/v1/analytics/query?" + qs, cn.haikou.mediation.testing.TestServer.ANALYST_TOKEN, "text/csv");
        assertThat(viaParam.statusCode()).isEqualTo(200);
        assertThat(viaParam.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(viaAccept.body()).isEqualTo(viaParam.body());
        String body = viaParam.body();
        assertThat(body).startsWith("\uFEFF");
        List<List<String>> lines = csvRows(body.substring(1));
        assertThat(String.join(",", lines.get(0))).isEqualTo("时间,调解员,受理量,受理量上期,受理量环比,受理量去年同期,受理量同比,"
                + "调解成功率,调解成功率上期,调解成功率环比,调解成功率去年同期,调解成功率同比,"
                + "挽回金额(元),挽回金额上期,挽回金额环比,挽回金额去年同期,挽回金额同比,"
                + "平均办结时长(天),平均办结时长上期,平均办结时长环比,平均办结时长去年同期,平均办结时长同比");
        JsonArray series = json.getJsonArray("series");
        assertThat(lines).hasSize(1 + series.size() * 3);
        assertThat(body).contains("'=1+1").contains("(未指定)").doesNotContain(",=1+1");
        int line = 1;
        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            for (int b = 0; b < 3; b++) {
                String[] cells = lines.get(line++).toArray(String[]::new);
                assertThat(cells[0]).isEqualTo(LocalDate.of(2025, 1 + b, 1).toString());
                String label = s.getJsonObject("labels").getString("mediator");
                assertThat(cells[1]).isEqualTo(label.startsWith("=") ? "'" + label : label);
                int col = 2;
                for (String metric : List.of("received", "successRate", "amountRecovered", "closeTimeMean")) {
                    JsonObject p = s.getJsonObject("points").getJsonObject(metric);
                    for (String arr : List.of("value", "previous", "previousChange", "yoy", "yoyChange")) {
                        Object v = p.getJsonArray(arr).getValue(b);
                        String cell = cells[col++];
                        if (v == null) {
                            assertThat(cell).isEmpty();
                        } else {
                            assertThat(Double.parseDouble(cell)).as(metric + " " + arr).isEqualTo(((Number) v).doubleValue());
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("dimensions lists the pack's codes with names and the mediators seen")
    void dimensions() {
        HttpResponse<String> response = harness.get("/api/v1/analytics/dimensions");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject json = new JsonObject(response.body());
        assertThat(json.getJsonArray("districts").stream().map(d -> ((JsonObject) d).getString("name")).toList())
                .containsExactly("秀英区", "龙华区", "琼山区", "美兰区");
        assertThat(json.getJsonArray("caseTypes").getJsonObject(0).getString("name")).isEqualTo("婚姻家庭");
        assertThat(json.getJsonArray("mediators").stream().map(m -> ((JsonObject) m).getString("code")).toList())
                .containsExactlyInAnyOrderElementsOf(CaseDataset.MEDIATORS);
        assertThat(json.getJsonObject("pack").getString("zone")).isEqualTo("Asia/Shanghai");
        assertThat(json.getJsonArray("metrics").size()).isEqualTo(Metric.values().length);
    }

    @Test
    @DisplayName("a relative range answers with buckets in the pack zone")
    void relativeRange() {
        JsonObject json = harness.query("metrics=received&granularity=day&range=last7d");
        assertThat(json.getJsonArray("buckets")).hasSize(7);
        assertThat(json.getJsonArray("buckets").getString(0)).endsWith("T00:00:00+08:00");
        assertThat(json.getJsonObject("range").getString("to"))
                .isEqualTo(LocalDate.now(CaseDataset.ZONE).plusDays(1).atStartOfDay(CaseDataset.ZONE).format(Oracle.ISO));
    }

    static Oracle.Spec spec(List<Dimension> groupBy, Map<Dimension, Set<String>> filters, String granularity, LocalDate from,
                            LocalDate to, List<String> compare) {
        return spec(ALL_METRICS, groupBy, filters, granularity, from, to, compare);
    }

    static Oracle.Spec spec(List<String> metrics, List<Dimension> groupBy, Map<Dimension, Set<String>> filters, String granularity,
                            LocalDate from, LocalDate to, List<String> compare) {
        return new Oracle.Spec(metrics, groupBy, filters, granularity, from.atStartOfDay(CaseDataset.ZONE),
                to.atStartOfDay(CaseDataset.ZONE), compare);
    }

    static List<List<String>> csvRows(String text) {
        try (MappingIterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(List.class).readValues(text)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
