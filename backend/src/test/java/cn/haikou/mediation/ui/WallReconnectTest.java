package cn.haikou.mediation.ui;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wall runs for weeks unattended: when the server goes away it says so on screen, and when the
 * server returns (same address, same data) it comes back to live by itself, without a reload.
 */
@DisplayName("The wall after a server outage")
class WallReconnectTest {

    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromedriver");
        server = TestServer.start(data);
        WallData.post(server.url(), new WallData(7, "outage").history(Instant.now(), 20));
        browser = Browser.open(1920, 1080);
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
    @DisplayName("shows a stale banner while the server is down and returns to live without a reload")
    void survivesRestart() {
        WallPage page = new WallPage(browser);
        browser.get(server.url() + "/wall?token=" + TestServer.DISPLAY_TOKEN);
        Long before = browser.await("受理量", Duration.ofSeconds(15), () -> page.kpi("received"));
        browser.await("live", Duration.ofSeconds(5), () -> "实时在线".equals(page.text("#conn-text")));
        // a reload would wipe this variable (and change the page's load time)
        browser.js("window.__notReloaded = 'marker'");
        Object loadedAt = browser.js("return window.__wall.loadedAt");
        assertThat(page.staleBannerShown()).isFalse();

        int port = server.port();
        server.close();
        server = null;
        browser.await("the stale banner", Duration.ofSeconds(15), page::staleBannerShown);
        assertThat(page.text("#stale-text")).contains("实时数据中断");
        assertThat(page.text("#conn-text")).startsWith("连接中断");
        // the figures stay on screen while the link is down: no blank panels
        assertThat(page.kpi("received")).isEqualTo(before);

        server = TestServer.start(data, o -> o.with("http").put("port", port));
        browser.await("the banner gone after the restart", Duration.ofSeconds(40), () -> !page.staleBannerShown());
        browser.await("live again", Duration.ofSeconds(5), () -> "实时在线".equals(page.text("#conn-text")));

        JsonObject event = new WallData(8, "after").receivedNow(Instant.now().minusSeconds(2));
        assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, event).status()).isEqualTo(201);
        browser.await("受理量 " + (before + 1) + " after the restart", Duration.ofSeconds(3),
                () -> Long.valueOf(before + 1).equals(page.kpi("received")));

        assertThat((String) browser.js("return window.__notReloaded")).isEqualTo("marker");
        assertThat((Object) browser.js("return window.__wall.loadedAt")).isEqualTo(loadedAt);
    }
}
