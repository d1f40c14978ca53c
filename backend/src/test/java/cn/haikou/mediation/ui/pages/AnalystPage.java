package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the analyst pages' tests do with a page and read from it: open it, wait for panels,
 * read KPI tiles, table cells and error messages, and ask the API the same question directly.
 */
final class AnalystPage {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final Browser browser;
    final String baseUrl;

    AnalystPage(Browser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** A 1920x1080 headless browser whose downloads land in {@code downloads} without asking. */
    static Browser openBrowser(Path downloads) {
        Browser browser = Browser.open(1920, 1080);
        if (downloads != null) {
            // Chrome's download directory, set over DevTools: Browser.open takes no preferences.
            browser.driver().executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString(), "eventsEnabled", true));
        }
        return browser;
    }

    void open(String pathAndQuery) {
        browser.get(baseUrl + pathAndQuery);
    }

    /** The analytics API's own JSON answer for {@code query} (the query string without '?'). */
    JsonObject api(String query) {
        Http.Response r = Http.get(baseUrl + "/api/v1/analytics/query?" + query, TestServer.ANALYST_TOKEN);
        if (r.status() != 200) {
            throw new AssertionError("API answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    String state(String panel) {
        return browser.js("const el = document.querySelector('[data-panel=\"' + arguments[0] + '\"]'); return el ? el.dataset.state : null", panel);
    }

    void awaitState(String panel, String state) {
        browser.await(panel + " " + state, WAIT, () -> state.equals(state(panel)));
    }

    String text(String selector) {
        return browser.js("const el = document.querySelector(arguments[0]); return el ? el.textContent : null", selector);
    }

    /** The text of the visible error next to a control ({@code data-error-for}), or null when none shows. */
    String fieldError(String control) {
        return browser.js("const el = document.querySelector('.field-error[data-error-for=\"' + arguments[0] + '\"]');"
                + " return el && !el.hidden && el.offsetParent !== null ? el.textContent : null", control);
    }

    void click(String selector) {
        WebElement el = browser.driver().findElement(By.cssSelector(selector));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", el);
        el.click();
    }

    /** Every row of the explorer's table: column key to [text, value]. */
    List<Map<String, List<String>>> tableRows() {
        return browser.js("""
                return [...document.querySelectorAll('[data-panel="resultTable"] tbody tr')].map(tr =>
                  Object.fromEntries([...tr.children].map(td => [td.dataset.col, [td.textContent, td.dataset.value]])));""");
    }

    /** The address bar (the token must never be in it once the page has loaded). */
    String address() {
        return browser.driver().getCurrentUrl();
    }

    Path screenshot(String name) {
        return browser.screenshot(SCREENSHOTS.resolve(name));
    }

    /**
     * Layout problems at 1920x1080: the page must not scroll sideways, panels must not overlap
     * or spill their content, and no chart label may leave its chart.
     */
    List<String> layoutProblems() {
        return browser.js("""
                const problems = [];
                if (document.documentElement.scrollWidth > window.innerWidth) problems.push('page scrolls sideways');
                const boxes = [...document.querySelectorAll('.panel, .kpi, .toolbar, .results-bar, .controls')];
                for (let i = 0; i < boxes.length; i++) {
                  const a = boxes[i].getBoundingClientRect();
                  for (let j = i + 1; j < boxes.length; j++) {
                    if (boxes[i].contains(boxes[j]) || boxes[j].contains(boxes[i])) continue;
                    const b = boxes[j].getBoundingClientRect();
                    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
                      problems.push(`${boxes[i].dataset.panel || boxes[i].className} overlaps ${boxes[j].dataset.panel || boxes[j].className}`);
                    }
                  }
                }
                for (const el of document.querySelectorAll('.kpi, .panel-head')) {
                  if (el.scrollWidth > el.clientWidth + 1) problems.push(`${el.textContent.trim().slice(0, 20)} is cut off`);
                }
                for (const chart of document.querySelectorAll('[data-chart]')) {
                  const box = chart.getBoundingClientRect();
                  for (const t of chart.querySelectorAll('svg text')) {
                    const r = t.getBoundingClientRect();
                    if (r.width > 0 && (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2)) {
                      problems.push(`chart ${chart.dataset.chart}: label '${t.textContent}' leaves the chart`);
                    }
                  }
                }
                return problems;""");
    }
}
