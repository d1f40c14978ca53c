package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The leaders' trend page in a real headless Chromium against a real server fed ~23 months of
 * cases through the ingest API: every panel shows the analytics API's own figures for the same
 * question, a relative range switch changes them, and the token leaves the address bar.
 */
@DisplayName("The trend page (/trends)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrendsPageTest {

    static final String KPI_QUERY = "metrics=received,closed,successRate,onTimeRate,satisfiedRate,amountRecovered,closeTimeMean"
            + "&compare=previous,yoy&range=";

    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;
    static AnalystPage page;
    static PageFixture fixture;

    @BeforeAll
    static void start() {
        fixture = PageFixture.open(data, null, "/trends", 20261130L);
        server = fixture.server();
        browser = fixture.browser();
        page = fixture.page();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the KPI tiles show the API's figures for this year, with 环比 and 同比")
    void kpisEqualTheApi() {
        awaitAllPanels();
        JsonObject total = page.api(KPI_QUERY + "thisYear").getJsonArray("series").getJsonObject(0).getJsonObject("total");
        for (String metric : List.of("received", "closed", "successRate", "onTimeRate", "satisfiedRate", "amountRecovered", "closeTimeMean")) {
            JsonObject cell = total.getJsonObject(metric);
            Map<String, String> tile = tile(metric);
            if (cell.getValue("value") == null) {
                // e.g. no follow-up yet this year (the first hours of January): a dash, not a zero
                assertThat(tile.get("value")).as("%s value", metric).isEmpty();
                assertThat(tile.get("num")).isEqualTo("—");
                continue;
            }
            assertThat(Double.parseDouble(tile.get("value"))).as("%s value", metric).isCloseTo(number(cell.getValue("value")), within(1e-9));
            assertThat(tile.get("num")).as("%s as shown", metric).isEqualTo(shown(metric, number(cell.getValue("value"))));
            for (String c : List.of("previous", "yoy")) {
                Object change = cell.getValue(c + "Change");
                if (change == null) {
                    assertThat(tile.get(c)).as("%s %s", metric, c).isEmpty();
                } else {
                    assertThat(Double.parseDouble(tile.get(c))).as("%s %s", metric, c).isCloseTo(number(change), within(1e-9));
                }
            }
        }
        // received rose or fell against last year: the tile says which, with the API's percentage
        Object yoyChange = total.getJsonObject("received").getValue("yoyChange");
        String mark = page.text("[data-kpi=received] [data-compare=yoy] b");
        if (yoyChange != null && Math.abs(number(yoyChange)) >= 0.0005) {
            double yoy = number(yoyChange);
            assertThat(mark).startsWith(yoy > 0 ? "▲" : "▼")
                    .endsWith(new BigDecimal(Math.abs(yoy) * 100).setScale(Math.abs(yoy) >= 1 ? 0 : 1, RoundingMode.HALF_UP) + "%");
        }

        // the token was taken once: gone from the address, kept for this tab only
        assertThat(page.address()).doesNotContain("token").endsWith("/trends#range=thisYear&granularity=month");
        assertThat((String) browser.js("return sessionStorage.getItem('mediation.analyst.token')")).isEqualTo(TestServer.ANALYST_TOKEN);
        assertThat((Long) browser.js("return localStorage.length")).isZero();
        assertThat(page.layoutProblems()).isEmpty();
        page.screenshot("trends-1920x1080.png");
    }

    @Test
    @Order(2)
    @DisplayName("every panel draws the API's series: trend with last year, districts, type mix and type changes")
    void panelsDrawTheApiSeries() {
        awaitAllPanels();
        JsonObject trend = page.api("metrics=received,closed,successRate,satisfiedRate,amountRecovered&granularity=month&compare=yoy&range=thisYear");
        JsonObject points = trend.getJsonArray("series").getJsonObject(0).getJsonObject("points").getJsonObject("received");
        JsonObject chart = chart("trendLines");
        assertThat(chart.getJsonArray("xAxis").getJsonObject(0).getJsonArray("data")).hasSize(trend.getJsonArray("buckets").size());
        assertThat(series(chart, "current").getJsonArray("data")).isEqualTo(points.getJsonArray("value"));
        assertThat(series(chart, "yoy").getJsonArray("data")).isEqualTo(points.getJsonArray("yoy"));
        assertThat(points.getJsonArray("yoy").stream().anyMatch(v -> v != null && ((Number) v).longValue() > 0))
                .as("last year's months have cases (同比 has a base)").isTrue();

        JsonObject districts = page.api("metrics=received,closed,successRate&groupBy=district&compare=yoy&range=thisYear");
        Map<String, Double> expected = new HashMap<>();
        districts.getJsonArray("series").stream().map(JsonObject.class::cast)
                .forEach(s -> expected.put(s.getJsonObject("labels").getString("district"), number(s.getJsonObject("total").getJsonObject("received").getValue("value"))));
        JsonObject bars = chart("districtCompare");
        JsonArray names = bars.getJsonArray("xAxis").getJsonObject(0).getJsonArray("data");
        JsonArray values = series(bars, "current").getJsonArray("data");
        Map<String, Double> drawn = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            drawn.put(names.getString(i), number(values.getJsonObject(i).getValue("value")));
        }
        assertThat(drawn).isEqualTo(expected).isNotEmpty();

        JsonObject types = page.api("metrics=received&groupBy=caseType&granularity=month&compare=yoy&range=thisYear");
        JsonArray buckets = types.getJsonArray("buckets");
        long[] perBucket = new long[buckets.size()];
        types.getJsonArray("series").stream().map(JsonObject.class::cast).forEach(s -> {
            JsonArray v = s.getJsonObject("points").getJsonObject("received").getJsonArray("value");
            for (int b = 0; b < v.size(); b++) {
                perBucket[b] += v.getLong(b);
            }
        });
        JsonArray stacked = chart("typeEvolution").getJsonArray("series");
        int typesWithCases = types.getJsonArray("series").size();
        assertThat(stacked.size()).as("the seven largest types and 其他").isEqualTo(Math.min(7, typesWithCases) + (typesWithCases > 7 ? 1 : 0));
        for (int b = 0; b < perBucket.length; b++) {
            long sum = 0;
            for (int s = 0; s < stacked.size(); s++) {
                sum += Math.round(number(stacked.getJsonObject(s).getJsonArray("data").getValue(b)));
            }
            assertThat(sum).as("stack of %s", buckets.getString(b)).isEqualTo(perBucket[b]);
        }

        for (Object o : types.getJsonArray("series")) {
            JsonObject s = (JsonObject) o;
            String code = s.getJsonObject("key").getString("caseType");
            List<String> cells = browser.js("return [...document.querySelectorAll('[data-type=\"' + arguments[0] + '\"] td')].map(td => td.textContent)", code);
            JsonObject cell = s.getJsonObject("total").getJsonObject("received");
            assertThat(cells.get(0)).isEqualTo(s.getString("name"));
            assertThat(cells.get(1)).isEqualTo(integer(cell.getLong("value")));
            assertThat(cells.get(2)).isEqualTo(cell.getValue("yoy") == null ? "—" : integer(cell.getLong("yoy")));
        }
    }

    @Test
    @Order(3)
    @DisplayName("prints on A4 landscape: controls hidden, the range stated, every chart redrawn at the paper's width")
    void printLayout() {
        awaitAllPanels();
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        browser.resize(1123, 1400);
        try {
            browser.await("charts at print width", AnalystPage.WAIT, () -> browser.js("""
                    return [...document.querySelectorAll('[data-chart]')].every(c => {
                      const svg = c.querySelector('svg');
                      return svg && Math.abs(svg.getBoundingClientRect().width - c.clientWidth) < 2;
                    })"""));
            assertThat((Boolean) browser.js("return [...document.querySelectorAll('.chips, .btn, .nav, .segmented')].every(el => el.offsetParent === null)"))
                    .as("no buttons on paper").isTrue();
            assertThat(page.text(".range-resolved")).startsWith("统计区间 ");
            assertThat((Long) browser.js("return document.querySelectorAll('[data-panel][data-state=ready]').length")).isEqualTo(5L);
            page.screenshot("trends-print-a4.png");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            browser.resize(1920, 1080);
        }
    }

    @Test
    @Order(4)
    @DisplayName("switching to 近30天 and 今天 shows the API's figures for those ranges, resolved by the server")
    void relativeRangeSwitch() {
        awaitAllPanels();
        page.click("[data-range=last30d]");
        double last30 = number(page.api(KPI_QUERY + "last30d").getJsonArray("series").getJsonObject(0)
                .getJsonObject("total").getJsonObject("received").getValue("value"));
        browser.await("近30天 受理量 " + last30, AnalystPage.WAIT, () -> Double.parseDouble(tile("received").get("value")) == last30);
        awaitAllPanels();
        assertThat(last30).isPositive();
        assertThat(page.address()).endsWith("#range=last30d&granularity=day");
        assertThat(chart("trendLines").getJsonArray("xAxis").getJsonObject(0).getJsonArray("data")).hasSize(30);
        JsonObject resolved = page.api(KPI_QUERY + "last30d").getJsonObject("range");
        assertThat(page.text(".range-resolved")).contains(resolved.getString("from").substring(0, 10));

        page.click("[data-range=today]");
        double today = number(page.api(KPI_QUERY + "today").getJsonArray("series").getJsonObject(0)
                .getJsonObject("total").getJsonObject("received").getValue("value"));
        browser.await("今天 受理量 " + today, AnalystPage.WAIT, () -> Double.parseDouble(tile("received").get("value")) == today
                && "hour".equals(browser.js("return window.__trends.context().granularity")));
        awaitAllPanels();
        assertThat(today).isPositive();
        assertThat(chart("trendLines").getJsonArray("xAxis").getJsonObject(0).getJsonArray("data")).hasSize(24);
    }

    private static void awaitAllPanels() {
        for (String panel : List.of("kpiSummary", "trendLines", "districtCompare", "typeEvolution", "typeChange")) {
            page.awaitState(panel, "ready");
        }
    }

    private static Map<String, String> tile(String metric) {
        return browser.js("""
                const t = document.querySelector('[data-kpi="' + arguments[0] + '"]');
                return { value: t.dataset.value, num: t.querySelector('.num').textContent,
                         previous: t.querySelector('[data-compare=previous] b').dataset.change ?? '',
                         yoy: t.querySelector('[data-compare=yoy] b').dataset.change ?? '' };""", metric);
    }

    private static JsonObject chart(String name) {
        return new JsonObject((String) browser.js("return JSON.stringify(window.__trends.chartOption(arguments[0]))", name));
    }

    private static JsonObject series(JsonObject option, String id) {
        return option.getJsonArray("series").stream().map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id")))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + id));
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    static String integer(long n) {
        return NumberFormat.getIntegerInstance(Locale.CHINA).format(n);
    }

    /** The big figure of a tile as the page must print it (format.js): 1,234 / 87.5 / 12.50 (万元) / 5.1 (天). */
    static String shown(String metric, double v) {
        return switch (metric) {
            case "received", "closed" -> integer(Math.round(v));
            case "successRate", "onTimeRate", "satisfiedRate" -> fixed(v * 100, 1);
            case "amountRecovered" -> v >= 1e8 ? fixed(v / 1e8, 2) : v >= 1e4 ? fixed(v / 1e4, v >= 1e6 ? 1 : 2) : integer(Math.round(v));
            case "closeTimeMean" -> v < 1 ? fixed(v * 24, 1) : fixed(v, 1);
            default -> throw new IllegalArgumentException(metric);
        };
    }

    private static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }
}
