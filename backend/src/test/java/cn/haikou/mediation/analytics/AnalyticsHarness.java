package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server (TestServer: embedded engine, ingest API, analytics API) with the analytics limits
 * a test asks for. Requests go over real HTTP with java.net.http.
 */
final class AnalyticsHarness implements AutoCloseable {

    static final AppConfig.Analytics DEFAULT_LIMITS = new AppConfig.Analytics(3660, 1000, 100_000);
    static final String ADMIN_TOKEN = TestServer.ADMIN_TOKEN;

    private final TestServer server;
    private final Pack pack;
    private final int analyticsPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private AnalyticsHarness(TestServer server, Pack pack, int analyticsPort) {
        this.server = server;
        this.pack = pack;
        this.analyticsPort = analyticsPort;
    }

    static AnalyticsHarness start(Path dataDir, String packName, AppConfig.Analytics limits) {
        TestServer server = TestServer.start(dataDir, o -> {
            o.put("pack", packName);
            o.with("analytics").put("maxRangeDays", limits.maxRangeDays()).put("maxGroups", limits.maxGroups())
                    .put("maxRows", limits.maxRows());
        });
        return new AnalyticsHarness(server, Pack.load(packName), server.port());
    }

    Pack pack() {
        return pack;
    }

    TestServer server() {
        return server;
    }

    /**
     * Posts events through the real ingest API and checks every one was accepted. Batches of 2,000:
     * the ingest routes parse a batch on the event loop, and a 10,000-line batch holds it for
     * seconds on a loaded 2-core machine.
     */
    void ingest(List<JsonObject> events) {
        for (int i = 0; i < events.size(); i += 2_000) {
            StringBuilder body = new StringBuilder();
            for (JsonObject e : events.subList(i, Math.min(events.size(), i + 2_000))) {
                body.append(e.encode()).append('\n');
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/events/batch?detail=problems"))
                    .header("Authorization", "Bearer " + TestServer.INGEST_KEY)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonObject answer = new JsonObject(response.body());
            assertThat(answer.getInteger("rejected")).as(response.body()).isZero();
        }
    }

    /** GET on the analytics API with the analyst token. */
    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, TestServer.ANALYST_TOKEN, null);
    }

    HttpResponse<String> get(String pathAndQuery, String token, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + analyticsPort + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build());
    }

    /** A successful query's JSON. */
    JsonObject query(String queryString) {
        HttpResponse<String> response = get("/api/v1/analytics/query?" + queryString);
        assertThat(response.statusCode()).as(queryString + " -> " + response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** Rows straight from the store (for checks that must not go through the API). */
    List<Row> sql(String sql) {
        return server.server().clickHouse().query(sql, Map.of()).toList();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
