package cn.haikou.mediation.importer;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.http.HttpVerticle;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.security.ApiKeys;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The import endpoints on a real HTTP listener of a {@link TestServer}'s Vert.x, backed by that
 * server's own event writer, exactly as MediationServer wires them once it mounts
 * {@link ImportRoutes}. Plus a plain JDK HTTP client.
 */
final class ImportHttp implements AutoCloseable {

    static final String OTHER_SOURCE_KEY = "other-source-key-0123456789";

    private final ImportJobs jobs;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    ImportHttp(TestServer server, String pack, long bodyLimitBytes) {
        CsvImporter importer = new CsvImporter(new EventParser(Pack.load(pack), Clock.systemUTC()), server.server().writer());
        this.jobs = new ImportJobs(importer);
        ApiKeys keys = new ApiKeys(List.of(new AppConfig.ApiKey("test", TestServer.INGEST_KEY),
                new AppConfig.ApiKey("other", OTHER_SOURCE_KEY)), List.of());
        HttpVerticle verticle = new HttpVerticle("127.0.0.1", 0, List.of(new ImportRoutes(jobs, keys, bodyLimitBytes)));
        server.server().vertx().deployVerticle(verticle).await();
        this.port = verticle.actualPort();
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body, String contentType, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** Polls the job until it has finished: over HTTP there is nothing to await but its status. */
    JsonObject awaitFinished(String location, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> response = get(location, TestServer.INGEST_KEY);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + location + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonObject job = new JsonObject(response.body());
            String status = job.getString("status");
            if (status.equals("done") || status.equals("failed")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import still " + status + " after " + timeout + ": " + job.encode());
            }
            Thread.sleep(50);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops the jobs before the server (and its writer) stop. */
    @Override
    public void close() {
        jobs.close();
    }
}
