package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.Http;
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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The analyst explorer in a real headless Chromium against a real server: a query put together
 * with the page's controls gives a table equal to the API's JSON for the same query, sorts,
 * draws series over time, exports the same query as CSV, and lives in a shareable hash.
 */
@DisplayName("The explorer (/explore)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorePageTest {

    /** What the UI steps of the first test must add up to, as the API's query string. */
    static final String CHOSEN = "metrics=received,successRate&groupBy=channel,district&filter.caseType=neighbour,labour"
            + "&range=lastYear&compare=previous,yoy";
    static final List<String> CELLS = List.of("value", "previous", "previousChange", "yoy", "yoyChange");

    @TempDir
    static Path data;
    @TempDir
    static Path downloads;
    static TestServer server;
    static Browser browser;
    static AnalystPage page;
    static PageFixture fixture;

    @BeforeAll
    static void start() {
        fixture = PageFixture.open(data, downloads, "/explore", 20261201L);
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
    @DisplayName("metrics, groups, filters, range and comparisons chosen in the page give the API's JSON in the table")
    void chosenQueryTableEqualsApi() {
        page.awaitState("resultTable", "ready");
        assertThat(page.address()).doesNotContain("token");

        page.click("[data-range=lastYear]");
        page.click("[data-metric=closed]");
        page.click("[data-metric=amountRecovered]");
        new Select(browser.driver().findElement(By.cssSelector("select[data-group-by='0']"))).selectByVisibleText("渠道");
        new Select(browser.driver().findElement(By.cssSelector("select[data-group-by='1']"))).selectByVisibleText("区县");
        page.click("[data-filter=caseType] summary");
        page.click("[data-filter=caseType] input[value=labour]");
        page.click("[data-filter=caseType] input[value=neighbour]");
        page.click("[data-compare=previous]");
        awaitQuery(CHOSEN);
        page.awaitState("resultTable", "ready");

        JsonObject api = page.api(CHOSEN);
        JsonArray series = api.getJsonArray("series");
        List<Map<String, List<String>>> rows = page.tableRows();
        assertThat(series.size()).isGreaterThan(4);
        assertThat(rows).hasSize(series.size());
        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            Map<String, List<String>> row = rows.get(i);
            assertThat(row.get("dim:channel").get(0)).isEqualTo(s.getJsonObject("labels").getString("channel"));
            assertThat(row.get("dim:district").get(0)).isEqualTo(s.getJsonObject("labels").getString("district"));
            for (String metric : List.of("received", "successRate")) {
                JsonObject cell = s.getJsonObject("total").getJsonObject(metric);
                for (String c : CELLS) {
                    assertCell(row, metric + ":" + c, cell.getValue(c));
                }
            }
        }
        List<String> heads = browser.js("return [...document.querySelectorAll('[data-panel=resultTable] thead th')].map(th => th.textContent)");
        assertThat(heads).contains("渠道", "区县", "受理量", "调解成功率（%）", "本期", "上期", "环比", "去年同期", "同比");
        // the table reads as numbers people know: a rate in per cent
        JsonObject first = series.getJsonObject(0).getJsonObject("total").getJsonObject("successRate");
        if (first.getValue("value") != null) {
            assertThat(rows.get(0).get("successRate:value").get(0))
                    // as the page's toFixed(1) rounds: the double's exact value, half up
                    .isEqualTo(new BigDecimal(TrendsPageTest.number(first.getValue("value")) * 100)
                            .setScale(1, RoundingMode.HALF_UP).toPlainString());
        }
    }

    @Test
    @Order(2)
    @DisplayName("a click on a column heading sorts by it, largest first, then smallest first")
    void sortsByColumn() {
        page.awaitState("resultTable", "ready");
        page.click("th[data-col='received:value']");
        assertThat(column("received:value")).isSortedAccordingTo(Comparator.reverseOrder());
        page.click("th[data-col='received:value']");
        assertThat(column("received:value")).isSorted();
        assertThat(page.text("th[data-col='received:value']")).isEqualTo("本期");
        assertThat((String) browser.js("return document.querySelector(\"th[data-col='received:value']\").getAttribute('aria-sort')"))
                .isEqualTo("ascending");
    }

    @Test
    @Order(3)
    @DisplayName("导出CSV saves the same query as the API's CSV: UTF-8 with BOM, Chinese headings")
    void exportsCsv() throws IOException {
        page.click("#export-csv");
        Path file = browser.await("a downloaded CSV", AnalystPage.WAIT, () -> csvIn(downloads));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String text = new String(bytes, StandardCharsets.UTF_8);
        String header = text.lines().findFirst().orElseThrow();
        assertThat(header).contains("时间", "渠道", "区县", "受理量", "调解成功率", "同比", "环比");
        assertThat(file.getFileName().toString()).startsWith("调解数据_去年_").endsWith(".csv");
        Http.Response direct = Http.get(server.url() + "/api/v1/analytics/query?" + CHOSEN + "&format=csv", TestServer.ANALYST_TOKEN);
        assertThat(text).as("the file is the API's CSV for the query on screen").isEqualTo(direct.body());
        assertThat(text.lines().count()).isEqualTo(1 + page.api(CHOSEN).getJsonArray("series").size());
    }

    @Test
    @Order(4)
    @DisplayName("the hash holds the query without the token: the bookmark reopens the same analysis")
    void bookmarkReopensAnalysis() {
        String bookmark = page.address();
        assertThat(bookmark).doesNotContain("token").contains("#" + CHOSEN.replace(",", "%2C"));
        List<Map<String, List<String>>> before = page.tableRows();
        browser.get("about:blank");
        browser.get(bookmark);
        page.awaitState("resultTable", "ready");
        assertThat((Boolean) browser.js("return document.querySelector('[data-metric=successRate] input').checked")).isTrue();
        assertThat((Boolean) browser.js("return document.querySelector('[data-metric=closed] input').checked")).isFalse();
        assertThat((String) browser.js("return document.querySelector(\"select[data-group-by='0']\").value")).isEqualTo("channel");
        assertThat((String) browser.js("return document.querySelector('[data-filter=caseType] .filter-count').textContent"))
                .isEqualTo("邻里、劳动争议(含欠薪)");
        assertThat(sortedRows(page.tableRows())).isEqualTo(sortedRows(before));
    }

    @Test
    @Order(5)
    @DisplayName("with a granularity the chart draws a line per group and the detail table a row per group and month")
    void timeSeries() {
        page.click("[data-control=granularity] [data-value=month]");
        awaitQuery(CHOSEN.replace("&range", "&granularity=month&range"));
        page.awaitState("resultChart", "ready");
        page.awaitState("resultTable", "ready");
        JsonObject api = page.api(CHOSEN.replace("&range", "&granularity=month&range"));
        JsonObject chart = new JsonObject((String) browser.js("return JSON.stringify(window.__explore.chartOption('resultChart'))"));
        JsonArray lines = chart.getJsonArray("series");
        int groups = api.getJsonArray("series").size();
        assertThat(lines).hasSize(Math.min(10, groups));
        JsonObject firstGroup = api.getJsonArray("series").getJsonObject(0);
        assertThat(lines.getJsonObject(0).getString("type")).isEqualTo("line");
        assertThat(lines.getJsonObject(0).getJsonArray("data"))
                .isEqualTo(firstGroup.getJsonObject("points").getJsonObject("received").getJsonArray("value"));

        page.click("[data-control=tableView] [data-value=detail]");
        int buckets = api.getJsonArray("buckets").size();
        browser.await("detail rows", AnalystPage.WAIT, () -> page.tableRows().size() == Math.min(100, groups * buckets));
        Map<String, List<String>> row = page.tableRows().get(buckets - 1);
        assertThat(row.get("time").get(1)).isEqualTo(api.getJsonArray("buckets").getString(buckets - 1));
        JsonObject points = firstGroup.getJsonObject("points").getJsonObject("received");
        for (String c : CELLS) {
            assertCell(row, "received:" + c, points.getJsonArray(c).getValue(buckets - 1));
        }
    }

    @Test
    @Order(6)
    @DisplayName("a shared link opens last year's figures by district and month (screenshot)")
    void screenshot() {
        String hash = "metrics=received,closed,successRate,amountRecovered&groupBy=district&granularity=month&range=lastYear&compare=yoy";
        browser.get("about:blank");
        page.open("/explore#" + hash);
        page.awaitState("resultChart", "ready");
        page.awaitState("resultTable", "ready");
        assertThat((String) browser.js("return window.__explore.params()")).isEqualTo(hash.replace(",", "%2C"));
        assertThat(page.tableRows()).hasSize(4);
        assertThat(page.layoutProblems()).isEmpty();
        page.screenshot("explore-1920x1080.png");
    }

    private static void awaitQuery(String query) {
        String encoded = query.replace(",", "%2C");
        browser.await("query " + query, AnalystPage.WAIT, () -> page.address().endsWith("#" + encoded));
    }

    private static void assertCell(Map<String, List<String>> row, String column, Object expected) {
        List<String> cell = row.get(column);
        assertThat(cell).as("column %s", column).isNotNull();
        if (expected == null) {
            assertThat(cell.get(1)).as("%s (no figure)", column).isEmpty();
            assertThat(cell.get(0)).isEqualTo("—");
        } else {
            assertThat(Double.parseDouble(cell.get(1))).as(column).isCloseTo(TrendsPageTest.number(expected), within(1e-9));
        }
    }

    private static List<Double> column(String key) {
        List<Double> out = new ArrayList<>();
        for (Map<String, List<String>> row : page.tableRows()) {
            String v = row.get(key).get(1);
            if (!v.isEmpty()) {
                out.add(Double.parseDouble(v));
            }
        }
        return out;
    }

    private static List<String> sortedRows(List<Map<String, List<String>>> rows) {
        return rows.stream().map(r -> new java.util.TreeMap<>(r).toString()).sorted().toList();
    }

    private static Path csvIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
