package cn.haikou.mediation.ui;

import cn.haikou.mediation.testing.Browser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** What the browser tests read from the wall page: DOM text, chart options, layout problems. */
final class WallPage {

    /** Every text box that must show its whole content (no clipping, no ellipsis). */
    static final String TEXT_SELECTORS = String.join(", ", List.of(
            ".kpi-label", ".kpi-value", ".kpi-sub", ".panel-title", ".row:not(.row-empty) > span",
            ".legend-row:not([hidden]) > span", ".map-district-name", ".map-district-figures > div", ".status-line",
            ".clock", ".date", ".masthead-title h1", ".overdue-summary", ".warning-text > span"));

    private final Browser browser;

    WallPage(Browser browser) {
        this.browser = browser;
    }

    String text(String selector) {
        return browser.js("const el = document.querySelector(arguments[0]); return el ? el.textContent : null", selector);
    }

    List<String> texts(String selector) {
        return browser.js("return [...document.querySelectorAll(arguments[0])].map(el => el.textContent)", selector);
    }

    /** A KPI tile's big figure as a number (null while it shows a dash). */
    Long kpi(String key) {
        String text = text("[data-kpi=\"" + key + "\"] .num");
        if (text == null || text.isBlank() || "—".equals(text)) {
            return null;
        }
        return Long.parseLong(text.replace(",", ""));
    }

    /** The option of a chart, as ECharts reports it (series, axes, ...), through the page's debug handle. */
    JsonObject chart(String name) {
        String json = browser.js("return JSON.stringify(window.__wall.chartOption(arguments[0]))", name);
        return json == null || "null".equals(json) ? null : new JsonObject(json);
    }

    /** The series with {@code id} of chart {@code name}. */
    JsonObject series(String name, String id) {
        JsonArray all = chart(name).getJsonArray("series");
        for (int i = 0; i < all.size(); i++) {
            if (id.equals(all.getJsonObject(i).getString("id"))) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("chart " + name + " has no series " + id);
    }

    /** The cells' texts of the filled rows of a row table (feed, overdue, mass, warnings). */
    List<List<String>> rows(String panel) {
        return browser.js("return [...document.querySelectorAll('[data-panel=\"' + arguments[0] + '\"] .row:not(.row-head):not(.row-empty)')]"
                + ".map(r => [...r.children].map(c => c.textContent))", panel);
    }

    long rowElements(String panel) {
        Number n = browser.js("return document.querySelectorAll('[data-panel=\"' + arguments[0] + '\"] .row:not(.row-head)').length", panel);
        return n.longValue();
    }

    boolean staleBannerShown() {
        return Boolean.TRUE.equals(browser.js("return !document.getElementById('stale-banner').hidden"));
    }

    /**
     * Layout problems at the current viewport: the stage must be contain-fit (one side filling
     * the screen, centred, 16:9 kept); panels, tiles and the masthead must lie within the stage
     * and not overlap; no text box may clip its text; no chart label may leave its chart.
     */
    List<String> layoutProblems() {
        return browser.js("""
                const problems = [];
                const vw = window.innerWidth, vh = window.innerHeight;
                const stage = document.getElementById('stage').getBoundingClientRect();
                const scale = Math.min(vw / 1920, vh / 1080);
                if (Math.abs(stage.width - 1920 * scale) > 1 || Math.abs(stage.height - 1080 * scale) > 1) {
                  problems.push(`stage is ${stage.width}x${stage.height}, expected ${1920 * scale}x${1080 * scale}`);
                }
                if (Math.abs(stage.left - (vw - stage.right)) > 1.5 || Math.abs(stage.top - (vh - stage.bottom)) > 1.5) {
                  problems.push(`stage not centred: ${JSON.stringify(stage)}`);
                }
                const inside = (r, box, slack) => r.left >= box.left - slack && r.top >= box.top - slack
                    && r.right <= box.right + slack && r.bottom <= box.bottom + slack;
                if (!inside(stage, { left: 0, top: 0, right: vw, bottom: vh }, 0.5)) {
                  problems.push('stage leaves the screen');
                }
                const boxes = [...document.querySelectorAll('.masthead, .kpi, .panel')].map(el => ({
                  name: el.dataset.panel || el.dataset.kpi || el.className, r: el.getBoundingClientRect() }));
                for (const b of boxes) {
                  if (!inside(b.r, stage, 0.5)) problems.push(`${b.name} leaves the stage`);
                }
                for (let i = 0; i < boxes.length; i++) {
                  for (let j = i + 1; j < boxes.length; j++) {
                    const a = boxes[i].r, b = boxes[j].r;
                    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
                      problems.push(`${boxes[i].name} overlaps ${boxes[j].name}`);
                    }
                  }
                }
                for (const el of document.querySelectorAll('.panel, .kpi')) {
                  if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
                    problems.push(`${el.dataset.panel || el.dataset.kpi} overflows its box`);
                  }
                }
                for (const el of document.querySelectorAll(arguments[0])) {
                  if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1) {
                    problems.push(`text cut off (${el.scrollWidth} > ${el.clientWidth}): ${el.textContent.trim()}`);
                  }
                }
                for (const chart of document.querySelectorAll('[data-chart]')) {
                  const box = chart.getBoundingClientRect();
                  for (const text of chart.querySelectorAll('svg text')) {
                    const r = text.getBoundingClientRect();
                    if (r.width > 0 && !inside(r, box, 2 * scale)) {
                      problems.push(`chart ${chart.dataset.chart}: label '${text.textContent}' leaves the chart`);
                    }
                  }
                }
                return problems;""", TEXT_SELECTORS);
    }
}
