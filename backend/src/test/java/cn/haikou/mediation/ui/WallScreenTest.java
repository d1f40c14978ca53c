package cn.haikou.mediation.ui;

import cn.haikou.mediation.live.LiveAddresses;
import cn.haikou.mediation.testing.Browser;
import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
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
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wall screen in a real headless Chromium against a real server fed through the ingest API:
 * every panel shows what the server publishes, a POST moves the wall within 2 s, the layout fits
 * every wall size without overlaps or clipped text, and a bad token gets nothing.
 */
@DisplayName("The wall screen")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallScreenTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path data;
    static TestServer server;
    static Vertx vertx;
    static BridgeSnapshots bridge;
    static Browser browser;
    static WallPage page;
    static WallData generator;
    static List<JsonObject> posted;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromedriver");
        server = TestServer.start(data);
        assertThat(Http.get(server.url() + "/wall.html", null).status())
                .as("the UI bundle (dashboard-ui) is on the test classpath: build with -pl dashboard-ui,backend").isEqualTo(200);
        generator = new WallData(20261130, "wall");
        posted = generator.history(Instant.now(), 60);
        WallData.post(server.url(), posted);
        vertx = Vertx.vertx();
        bridge = BridgeSnapshots.connect(vertx, server.port(), TestServer.DISPLAY_TOKEN);
        browser = Browser.open(1920, 1080);
        page = new WallPage(browser);
        browser.get(server.url() + "/wall?token=" + TestServer.DISPLAY_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("every panel shows the figures the server publishes")
    void panelsShowServerData() {
        long receivedToday = posted.stream().filter(e -> "received".equals(e.getString("kind"))
                && LocalDate.ofInstant(Instant.parse(e.getString("eventTime")), WallData.ZONE).equals(LocalDate.now(WallData.ZONE))).count();
        List<String> problems = List.of("not checked yet");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            problems = panelMismatches(receivedToday);
            sleep(200);
        }
        assertThat(problems).as("panels that differ from the server's snapshots").isEmpty();

        // masked: no phone number in clear anywhere on the wall, the masked form in the feed
        String text = browser.js("return document.body.innerText");
        assertThat(text).doesNotContainPattern("1\\d{10}").doesNotContain("13907561234");
        assertThat(page.rows("liveFeed").stream().map(row -> row.get(5))).anyMatch(caller -> caller.matches("\\S\\*+ 1\\d\\d\\*{4}\\d{4}.*"));
        // bounded DOM: the feed has a fixed number of rows whatever the data (50 events in the snapshot)
        assertThat(page.rowElements("liveFeed")).isBetween(8L, 12L);
        assertThat(page.rows("liveFeed")).hasSize((int) page.rowElements("liveFeed"));
    }

    @Test
    @Order(2)
    @DisplayName("a POSTed event changes 受理量 on the wall within 2 s")
    void postShowsWithinTwoSeconds() {
        Long before = browser.await("受理量", Duration.ofSeconds(10), () -> page.kpi("received"));
        JsonObject event = generator.receivedNow(Instant.now().minusSeconds(3));
        assertThat(Http.postEvent(server.url(), TestServer.INGEST_KEY, event).status()).isEqualTo(201);
        long stored = System.nanoTime();
        browser.await("受理量 " + (before + 1), Duration.ofSeconds(2), () -> Long.valueOf(before + 1).equals(page.kpi("received")));
        long millis = (System.nanoTime() - stored) / 1_000_000;
        assertThat(millis).isLessThan(2000);
        // the feed shows it at the top, highlighted as new
        browser.await("the new event on top of the feed", Duration.ofSeconds(2), () -> browser.js(
                "const row = document.querySelector('[data-panel=\"liveFeed\"] .row:not(.row-head)');"
                        + " return row.classList.contains('fresh') && row.textContent.includes(arguments[0])", event.getString("town")));
    }

    @Test
    @Order(3)
    @DisplayName("the layout fits 1920x1080, 3840x2160, 5760x1080 and 1366x768 without overlaps or clipped text")
    void layoutFitsEveryWall() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        int[][] sizes = {{1920, 1080}, {3840, 2160}, {5760, 1080}, {1366, 768}};
        for (int[] size : sizes) {
            browser.resize(size[0], size[1]);
            browser.await("the stage scaled to " + size[0] + "x" + size[1], Duration.ofSeconds(5), () -> browser.js(
                    "const r = document.getElementById('stage').getBoundingClientRect();"
                            + " return Math.abs(r.width / 1920 - Math.min(innerWidth / 1920, innerHeight / 1080)) < 0.001"));
            sleep(700); // chart update animations settle
            assertThat(page.layoutProblems()).as("layout at %dx%d", size[0], size[1]).isEmpty();
            browser.screenshot(SCREENSHOTS.resolve("wall-" + size[0] + "x" + size[1] + ".png"));
        }
        browser.resize(1920, 1080);
    }

    @Test
    @Order(4)
    @DisplayName("the map tours the districts by itself; a click picks one and holds it")
    void districtTourAndClick() {
        String shown = browser.js("return window.__wall.selectedDistrict()");
        browser.await("the tour moving on from " + shown, Duration.ofSeconds(12),
                () -> !shown.equals(browser.js("return window.__wall.selectedDistrict()")));
        String now = browser.js("return window.__wall.selectedDistrict()");
        String target = "美兰区".equals(now) ? "琼山区" : "美兰区";
        // the district's label is part of its shape on the map: clicking it is clicking the district
        org.openqa.selenium.WebElement label = browser.driver().findElements(org.openqa.selenium.By.cssSelector("[data-chart=\"districtMap\"] svg text"))
                .stream().filter(t -> target.equals(t.getText())).findFirst().orElseThrow();
        label.click();
        browser.await("the clicked district on show", Duration.ofSeconds(2), () -> target.equals(browser.js("return window.__wall.selectedDistrict()")));
        assertThat(page.text("[data-district-name]")).startsWith(target);
        sleep(11_000); // longer than one step of the tour
        assertThat((String) browser.js("return window.__wall.selectedDistrict()")).isEqualTo(target);
    }

    @Test
    @Order(5)
    @DisplayName("the token leaves the address bar and survives a reload of the tab (sessionStorage, not localStorage)")
    void tokenKeptForTheSession() {
        assertThat((String) browser.js("return location.href")).doesNotContain("token");
        assertThat((Object) browser.js("return localStorage.length")).isEqualTo(0L);
        browser.get(server.url() + "/wall");
        browser.await("data after a reload without ?token", Duration.ofSeconds(15), () -> page.kpi("received"));
        assertThat(page.text("#conn-text")).isEqualTo("实时在线");
    }

    @Test
    @Order(6)
    @DisplayName("without a valid token the wall says so and opens no connection")
    void invalidToken() {
        try (Browser other = Browser.open(1280, 720)) {
            WallPage wall = new WallPage(other);
            DevTools devTools = other.driver().getDevTools();
            devTools.createSession();
            devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            List<String> sockets = new CopyOnWriteArrayList<>();
            List<String> requests = new CopyOnWriteArrayList<>();
            devTools.addListener(Network.webSocketCreated(), e -> sockets.add(e.getUrl()));
            devTools.addListener(Network.requestWillBeSent(), e -> requests.add(e.getRequest().getUrl()));

            other.get(server.url() + "/wall");
            other.await("the missing-token message", Duration.ofSeconds(10), () -> "缺少访问令牌".equals(wall.text("#blocker-title")));

            other.get(server.url() + "/wall?token=not-a-valid-token");
            other.await("the invalid-token message", Duration.ofSeconds(10), () -> "访问令牌无效".equals(wall.text("#blocker-title")));
            assertThat((Boolean) other.js("return document.getElementById('blocker').offsetWidth === innerWidth")).isTrue();
            assertThat((Boolean) other.js("return document.getElementById('stage').hidden")).isTrue();
            assertThat((String) other.js("return window.__wall.connectionState()")).isEqualTo("unauthorized");
            sleep(1500); // would a retry or a socket follow?
            assertThat(sockets).as("websockets opened").isEmpty();
            assertThat(requests.stream().filter(u -> u.contains("/eventbus")).collect(Collectors.toList()))
                    .as("bridge requests").hasSize(1).allMatch(u -> u.contains("/eventbus/info?token=not-a-valid-token"));
            assertThat(wall.kpi("received")).isNull();
            assertThat(wall.rows("liveFeed")).isEmpty();
            devTools.close();

            // a token revoked while its wall runs: the server closes the socket, the wall says why
            Http.Response issued = Http.post(server.url() + "/api/v1/admin/tokens", TestServer.ADMIN_TOKEN, "application/json",
                    new JsonObject().put("name", "hall-west").put("role", "display").encode());
            assertThat(issued.status()).isEqualTo(201);
            other.get(server.url() + "/wall?token=" + issued.json().getString("token"));
            other.await("the wall live with the issued token", Duration.ofSeconds(15), () -> wall.kpi("received"));
            assertThat(Http.delete(server.url() + "/api/v1/admin/tokens/hall-west", TestServer.ADMIN_TOKEN).status()).isEqualTo(204);
            other.await("the revoked-token message", Duration.ofSeconds(15), () -> "访问令牌无效".equals(wall.text("#blocker-title")));
        }
    }

    /** What differs between the page and the server's latest snapshots (empty when all agree). */
    static List<String> panelMismatches(long receivedToday) {
        List<String> out = new ArrayList<>();
        try {
            JsonObject kpi = latest(LiveAddresses.KPI);
            expect(out, "受理量 (posted today)", receivedToday, page.kpi("received"));
            expect(out, "受理量", kpi.getJsonObject("received").getLong("today"), page.kpi("received"));
            expect(out, "办结量", kpi.getJsonObject("today").getLong("closed"), page.kpi("closed"));
            expect(out, "在办", kpi.getLong("inProgress"), page.kpi("inProgress"));
            expect(out, "超期", kpi.getLong("overdue"), page.kpi("overdue"));
            expect(out, "overdue > 0", true, kpi.getLong("overdue") > 0);
            Double successRate = kpi.getJsonObject("today").getDouble("successRate");
            // as the wall's toFixed(1) rounds: the double's exact value, half up (String.format rounds
            // its shortest decimal form, so 93.55 stored as 93.5499... would read 93.6 here, 93.5 there)
            expect(out, "调解成功率", successRate == null ? "—"
                            : new BigDecimal(successRate * 100).setScale(1, RoundingMode.HALF_UP).toPlainString(),
                    page.text("[data-kpi=\"successRate\"] .num"));

            JsonArray types = latest(LiveAddresses.TYPES).getJsonArray("today");
            expect(out, "type rose", types.stream().map(o -> (JsonObject) o).filter(t -> t.getLong("count") > 0)
                            .map(t -> t.getString("name") + "=" + t.getLong("count")).toList(),
                    page.series("typeShare", "types").getJsonArray("data").stream().map(o -> (JsonObject) o)
                            .map(d -> d.getString("name") + "=" + d.getLong("value")).toList());

            JsonObject trend = latest(LiveAddresses.TREND);
            for (String id : List.of("receivedToday", "receivedYesterday", "closedToday", "closedYesterday")) {
                expect(out, "trend " + id, trend.getJsonArray(id), page.series("hourlyTrend", id).getJsonArray("data"));
            }

            JsonArray channels = latest(LiveAddresses.CHANNELS).getJsonArray("today");
            JsonObject channelChart = page.chart("channelShare");
            expect(out, "channel names", channels.stream().map(o -> ((JsonObject) o).getString("name")).toList(),
                    channelChart.getJsonArray("yAxis").getJsonObject(0).getJsonArray("data").getList());
            expect(out, "channel counts", channels.stream().map(o -> ((JsonObject) o).getLong("count")).toList(),
                    page.series("channelShare", "channels").getJsonArray("data").stream().map(o -> ((Number) o).longValue()).toList());

            JsonArray spots = latest(LiveAddresses.HOTSPOTS).getJsonArray("today");
            expect(out, "hot spots", spots.stream().limit(6).map(o -> ((JsonObject) o).getLong("count")).toList(),
                    page.series("hotspots", "hotspots").getJsonArray("data").stream().map(o -> ((JsonObject) o).getLong("value")).toList());

            JsonArray districts = latest(LiveAddresses.REGIONS).getJsonArray("districts");
            expect(out, "district map", districts.stream().map(o -> (JsonObject) o).map(d -> d.getString("name") + "=" + d.getLong("today"))
                            .sorted().toList(),
                    page.series("districtMap", "districts").getJsonArray("data").stream().map(o -> (JsonObject) o)
                            .map(d -> d.getString("name") + "=" + d.getLong("value")).sorted().toList());
            JsonObject shown = new JsonObject((String) browser.js("return JSON.stringify({ district: window.__wall.selectedDistrict(),"
                    + " towns: window.__wall.chartOption('townRanking').yAxis[0].data })"));
            JsonObject selected = districts.stream().map(o -> (JsonObject) o)
                    .filter(d -> d.getString("name").equals(shown.getString("district"))).findFirst().orElseThrow();
            expect(out, "towns of " + selected.getString("name"),
                    selected.getJsonArray("towns").stream().limit(10).map(o -> ((JsonObject) o).getString("name")).toList(),
                    shown.getJsonArray("towns").getList());

            JsonArray committees = latest(LiveAddresses.WORKLOAD).getJsonArray("committees");
            expect(out, "committee workload", committees.stream().map(o -> (JsonObject) o)
                            .filter(c -> c.getLong("open") > 0 || c.getLong("concluded_today") > 0).limit(5).map(c -> c.getLong("open")).toList(),
                    page.series("workload", "open").getJsonArray("data").stream().map(o -> ((Number) o).longValue()).toList());

            // the wall lists events by time, newest first
            JsonObject first = latest(LiveAddresses.FEED).getJsonArray("events").stream().map(o -> (JsonObject) o)
                    .max(java.util.Comparator.comparing(e -> Instant.parse(e.getString("time")))).orElseThrow();
            expect(out, "feed top row", first.getString("districtName") + " " + first.getString("town"), page.rows("liveFeed").get(0).get(2));

            JsonObject overdue = latest(LiveAddresses.OVERDUE);
            expectPageTop(out, "overdue top row", overdue.getJsonArray("items"), o -> o.getString("districtName") + " " + o.getString("town"),
                    page.rows("overdueList").get(0).get(1), page.rowElements("overdueList"));
            expect(out, "overdue summary", true, page.text(".overdue-summary").contains("红色" + overdue.getJsonObject("byLevel").getLong("red")));

            expectPageTop(out, "mass dispute parties", latest(LiveAddresses.MASS).getJsonArray("items"), o -> o.getLong("parties") + "人",
                    page.rows("massDisputes").get(0).get(2), page.rowElements("massDisputes"));

            expectPageTop(out, "first warning", latest(LiveAddresses.WARNINGS).getJsonArray("items"),
                    w -> List.of(switch (w.getString("level")) {
                        case "red" -> "红色";
                        case "orange" -> "橙色";
                        default -> "黄色";
                    }, w.getString("title") + w.getString("detail")).toString(),
                    page.rows("earlyWarnings").get(0).subList(0, 2).toString(), page.rowElements("earlyWarnings"));

            expect(out, "connection", "实时在线", page.text("#conn-text"));
            expect(out, "city", "海口市", page.text("#city"));
            expect(out, "clock", true, page.text("#clock").matches("\\d\\d:\\d\\d:\\d\\d"));
            expect(out, "watermark shown", true, page.text("#watermark").matches("\\d\\d:\\d\\d:\\d\\d"));
            expect(out, "kpi tiles", 9L, (long) page.texts(".kpi").size());
        } catch (RuntimeException | AssertionError e) {
            out.add("not rendered yet: " + e);
        }
        return out;
    }

    static JsonObject latest(String address) {
        JsonObject message = bridge.latest(address);
        if (message == null) {
            throw new IllegalStateException("no message on " + address + " yet");
        }
        return message.getJsonObject("data");
    }

    /**
     * A list longer than its panel's rows pages every few seconds (rows.js), so the wall's top row is
     * the first item of whichever page shows: it must be the first of one of them.
     */
    static void expectPageTop(List<String> problems, String what, JsonArray items, Function<JsonObject, String> label, String shown,
                              long rowsPerPage) {
        List<String> pageTops = new ArrayList<>();
        for (int i = 0; i < items.size(); i += (int) rowsPerPage) {
            pageTops.add(label.apply(items.getJsonObject(i)));
        }
        if (!pageTops.contains(shown)) {
            problems.add(what + ": expected the first row of a page, one of " + pageTops + ", but the wall shows " + shown);
        }
    }

    static void expect(List<String> problems, String what, Object expected, Object actual) {
        Object e = expected instanceof JsonArray a ? a.getList() : expected;
        Object a = actual instanceof JsonArray arr ? arr.getList() : actual;
        if (e instanceof List<?> el && a instanceof List<?> al) {
            e = el.stream().map(String::valueOf).toList();
            a = al.stream().map(String::valueOf).toList();
        }
        if (e == null ? a != null : !String.valueOf(e).equals(String.valueOf(a))) {
            problems.add(what + ": expected " + e + " but the wall shows " + a);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
