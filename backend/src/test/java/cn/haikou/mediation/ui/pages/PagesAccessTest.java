package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the analyst pages show when the API says no: a bad token or a wall token gets a message
 * and no data at all; a refused query (a range over this server's 30-day limit) shows the API's
 * message next to the range control and no stale figures.
 */
@DisplayName("The analyst pages when the API refuses")
class PagesAccessTest {

    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;
    static AnalystPage page;

    @BeforeAll
    static void start() {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromedriver");
        server = TestServer.start(data, o -> o.with("analytics").put("maxRangeDays", 30));
        PagesData.post(server.url(), PagesData.generate(7L, Instant.now(), 30, 60));
        browser = AnalystPage.openBrowser(null);
        page = new AnalystPage(browser, server.url());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("an unknown token shows 访问令牌无效 and no panel, figure or chart, and is not kept")
    void invalidToken() {
        for (String path : List.of("/trends", "/explore")) {
            page.open(path + "?token=not-a-token-0123456789");
            browser.await("the blocker", AnalystPage.WAIT, () -> page.text(".blocker-title"));
            assertThat(page.text(".blocker-title")).isEqualTo("访问令牌无效");
            assertThat(page.text(".blocker-detail")).contains("unknown or revoked token");
            assertNoData();
            assertThat(page.address()).doesNotContain("token=");
            assertThat((String) browser.js("return sessionStorage.getItem('mediation.analyst.token')")).as("a refused token is dropped").isNull();
        }
        // so that a reload (or the other page) asks for a token instead of sending the bad one again
        page.open("/trends");
        browser.await("the blocker", AnalystPage.WAIT, () -> page.text(".blocker-title"));
        assertThat(page.text(".blocker-title")).isEqualTo("需要访问令牌");
        assertNoData();
    }

    @Test
    @DisplayName("a wall (display) token gets the 403 message: analytics need the analyst role")
    void displayToken() {
        for (String path : List.of("/trends", "/explore")) {
            page.open(path + "?token=" + TestServer.DISPLAY_TOKEN);
            browser.await("the blocker", AnalystPage.WAIT, () -> page.text(".blocker-title"));
            assertThat(page.text(".blocker-title")).isEqualTo("无权查看分析数据");
            assertThat((String) browser.js("return document.querySelector('.blocker').dataset.status")).isEqualTo("403");
            assertThat(page.text(".blocker-detail")).contains("analyst");
            assertNoData();
        }
    }

    @Test
    @DisplayName("trends: a range over the server's 30 days shows the API's message by the range picker, and no figures")
    void trendsRangeTooLong() {
        page.open("/trends?token=" + TestServer.ANALYST_TOKEN);
        // the default (本年) is already over this server's limit
        browser.await("range error", AnalystPage.WAIT, () -> page.fieldError("range"));
        assertThat(page.fieldError("range")).contains("a query may cover at most 30 days");
        page.awaitState("kpiSummary", "error");
        assertThat(page.text("[data-kpi=received] .num")).isEqualTo("—");

        page.click("[data-range=last7d]");
        page.awaitState("kpiSummary", "ready");
        assertThat(page.fieldError("range")).isNull();
        assertThat(page.text("[data-kpi=received] .num")).isNotEqualTo("—");

        customRange("2026-01-01", "2026-03-01");
        browser.await("range error", AnalystPage.WAIT, () -> page.fieldError("range"));
        assertThat(page.fieldError("range")).contains("a query may cover at most 30 days").startsWith("时间范围超过允许的最长天数");
        page.awaitState("kpiSummary", "error");
        page.awaitState("trendLines", "error");
        assertThat(page.text("[data-kpi=received] .num")).isEqualTo("—");
        assertThat(page.address()).endsWith("#from=2026-01-01&to=2026-03-02&granularity=day");
        // the message sits inside the range control, not somewhere else on the page
        assertThat((Boolean) browser.js("return document.querySelector('[data-control=range]').contains("
                + "document.querySelector('.field-error[data-error-for=range]'))")).isTrue();
    }

    @Test
    @DisplayName("explore: the same refusal shows next to the range control in the query panel")
    void exploreRangeTooLong() {
        page.open("/explore?token=" + TestServer.ANALYST_TOKEN);
        page.awaitState("resultTable", "ready");
        customRange("2025-06-01", "2025-12-31");
        browser.await("range error", AnalystPage.WAIT, () -> page.fieldError("range"));
        assertThat(page.fieldError("range")).contains("a query may cover at most 30 days");
        page.awaitState("resultTable", "error");
        assertThat(page.tableRows()).isEmpty();
        assertThat((Boolean) browser.js("return document.querySelector('[data-group=range]').contains("
                + "document.querySelector('.field-error[data-error-for=range]'))")).isTrue();
    }

    private static void customRange(String from, String lastDay) {
        page.click("[data-range=custom]");
        browser.js("""
                const set = (name, value) => {
                  const input = document.querySelector('.custom-range input[name=' + name + ']');
                  input.value = value;
                  input.dispatchEvent(new Event('input', { bubbles: true }));
                };
                set('from', arguments[0]);
                set('to', arguments[1]);""", from, lastDay);
        page.click("[data-action=apply-range]");
    }

    private static void assertNoData() {
        assertThat((Long) browser.js("return document.querySelectorAll('[data-panel], [data-chart], .kpi, table').length")).isZero();
        assertThat((Long) browser.js("return document.querySelectorAll('svg').length")).isZero();
    }
}
