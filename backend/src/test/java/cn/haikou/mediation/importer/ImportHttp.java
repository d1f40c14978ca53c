package cn.haikou.mediation.importer;

import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The import endpoints of a {@link TestServer}, through a plain JDK HTTP client. */
final class ImportHttp {

    static final String OTHER_SOURCE_KEY = TestServer.OTHER_INGEST_KEY;

    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    ImportHttp(TestServer server) {
        this.port = server.port();
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
}
