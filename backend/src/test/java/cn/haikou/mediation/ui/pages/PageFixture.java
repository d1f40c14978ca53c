package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server with the pages' data set and one analyst page open in chromium: what every page test
 * starts from. Skips (or, under bin/test, fails) when the browser is missing.
 */
record PageFixture(TestServer server, Browser browser, AnalystPage page) implements AutoCloseable {

    /**
     * Starts a server on {@code data}, posts the data set of {@code seed}, and opens {@code path}
     * (e.g. {@code /trends}) with the analyst token; {@code downloads} may be null.
     */
    static PageFixture open(Path data, Path downloads, String path, long seed) {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromedriver");
        TestServer server = TestServer.start(data);
        Browser browser = null;
        try {
            assertThat(Http.get(server.url() + path + ".html", null).status())
                    .as("the UI bundle (dashboard-ui) is on the test classpath: build with -pl dashboard-ui,backend").isEqualTo(200);
            PagesData.post(server.url(), PagesData.generate(seed, Instant.now(), 800, 40));
            browser = AnalystPage.openBrowser(downloads);
            AnalystPage page = new AnalystPage(browser, server.url());
            page.open(path + "?token=" + TestServer.ANALYST_TOKEN);
            return new PageFixture(server, browser, page);
        } catch (RuntimeException | Error e) {
            if (browser != null) {
                browser.close();
            }
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        browser.close();
        server.close();
    }
}
