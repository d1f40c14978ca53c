package cn.haikou.mediation.importer;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP import jobs on a real server (NYC 311 pack), its writer and its engine. */
@DisplayName("POST /api/v1/imports")
class ImportRoutesTest {

    private static final long BODY_LIMIT = 2 * 1024 * 1024;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private TestServer server;
    private ImportHttp http;

    private void start() {
        server = TestServer.start(dir.resolve("data"), o -> {
            o.put("pack", "nyc311");
            o.with("http").put("bodyLimitBytes", BODY_LIMIT);
        });
        http = new ImportHttp(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http = null;
        server = null;
    }

    @Test
    @DisplayName("imports a file as a job, reports rejected rows, and stores nothing twice when sent again after a restart")
    void importsAndReimportsAcrossRestart() throws Exception {
        Path file = Datasets.nyc311(Datasets.SUBSET_2011);
        Nyc311Expectation expected = Nyc311Expectation.of(file);
        start();

        HttpResponse<String> accepted = http.post("/api/v1/imports?name=311_subset_2011.csv", Files.readAllBytes(file),
                "text/csv", TestServer.INGEST_KEY);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/imports/");
        assertThat(new JsonObject(accepted.body()).getString("source")).isEqualTo("test");

        JsonObject job = http.awaitFinished(location, JOB_TIMEOUT);
        assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
        assertThat(job.getString("pack")).isEqualTo("nyc311");
        assertThat(job.getLong("rowsRead")).isEqualTo(expected.rows);
        assertThat(job.getLong("rowsStoredNew")).isEqualTo(expected.accepted);
        assertThat(job.getLong("rowsAlreadyPresent")).isZero();
        assertThat(job.getLong("rowsRejected")).isEqualTo(expected.rejected());
        assertThat(job.getDouble("progress")).isEqualTo(1.0);

        HttpResponse<String> report = http.get(location + "/report", TestServer.INGEST_KEY);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<Map<String, String>> lines = CsvImporterNycTest.readReport(report.body());
        assertThat(lines.stream().map(l -> l.get("case_id")).toList()).containsExactlyInAnyOrderElementsOf(expected.rejectedKeys);
        assertThat(lines).allSatisfy(l -> assertThat(l.get("file")).isEqualTo("311_subset_2011.csv"));

        ClickHouse ch = server.server().clickHouse();
        assertThat(StoredEvents.receivedByDistrict(ch)).isEqualTo(expected.receivedByBorough);
        assertThat(StoredEvents.receivedByCaseType(ch)).isEqualTo(expected.receivedByType);
        assertThat(StoredEvents.byKind(ch)).isEqualTo(Map.of("received", (long) expected.accepted, "mediated", (long) expected.closed));
        long stored = StoredEvents.count(ch);

        // A restart empties the writer's memory; the dedup index it reloads must still recognise every row.
        stop();
        start();
        JsonObject again = http.awaitFinished(http.post("/api/v1/imports", Files.readAllBytes(file), "text/csv; charset=utf-8",
                TestServer.INGEST_KEY).headers().firstValue("Location").orElseThrow(), JOB_TIMEOUT);
        assertThat(again.getString("status")).isEqualTo("done");
        assertThat(again.getLong("rowsStoredNew")).isZero();
        assertThat(again.getLong("rowsAlreadyPresent")).isEqualTo(expected.accepted);
        assertThat(again.getLong("rowsRejected")).isEqualTo(expected.rejected());
        assertThat(StoredEvents.count(server.server().clickHouse())).isEqualTo(stored);

        // The 2013 file, with its older columns, through the same endpoint.
        Path older = Datasets.nyc311(Datasets.SAMPLE_2013);
        Nyc311Expectation expected2013 = Nyc311Expectation.of(older);
        JsonObject job2013 = http.awaitFinished(http.post("/api/v1/imports", Files.readAllBytes(older), "text/csv",
                TestServer.INGEST_KEY).headers().firstValue("Location").orElseThrow(), JOB_TIMEOUT);
        assertThat(job2013.getLong("rowsStoredNew")).isEqualTo(expected2013.accepted);
        assertThat(job2013.getLong("rowsRejected")).isEqualTo(expected2013.rejected());
        assertThat(StoredEvents.count(server.server().clickHouse())).isEqualTo(stored + expected2013.accepted + expected2013.closed);

        JsonObject list = new JsonObject(http.get("/api/v1/imports", TestServer.INGEST_KEY).body());
        assertThat(list.getJsonArray("jobs")).hasSize(2);
    }

    @Test
    @DisplayName("refuses requests without a key, with the wrong type, too large, or for another source's job")
    void refusals() throws Exception {
        start();
        byte[] csv = "Unique Key,Created Date\n1,01/01/2011 10:00:00 AM\n".getBytes();
        assertThat(http.post("/api/v1/imports", csv, "text/csv", null).statusCode()).isEqualTo(401);
        assertThat(http.post("/api/v1/imports", csv, "text/csv", "not-a-key-0123456789").statusCode()).isEqualTo(401);
        HttpResponse<String> json = http.post("/api/v1/imports", csv, "application/json", TestServer.INGEST_KEY);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(json.body()).getString("field")).isEqualTo("Content-Type");
        assertThat(http.post("/api/v1/imports", csv, "text/csv; charset=klingon", TestServer.INGEST_KEY).statusCode()).isEqualTo(415);
        assertThat(http.post("/api/v1/imports", new byte[0], "text/csv", TestServer.INGEST_KEY).statusCode()).isEqualTo(400);
        HttpResponse<String> tooLarge = http.post("/api/v1/imports", new byte[(int) BODY_LIMIT + 1], "text/csv", TestServer.INGEST_KEY);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(http.get("/api/v1/imports/no-such-job", TestServer.INGEST_KEY).statusCode()).isEqualTo(404);

        // A file the mapping cannot use at all fails as a job, saying which columns are missing.
        HttpResponse<String> created = http.post("/api/v1/imports", csv, "text/csv", TestServer.INGEST_KEY);
        assertThat(created.statusCode()).isEqualTo(202);
        String location = created.headers().firstValue("Location").orElseThrow();
        JsonObject failed = http.awaitFinished(location, JOB_TIMEOUT);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).contains("Borough");

        // Jobs are per source: another key neither sees nor reads it.
        assertThat(http.get(location, ImportHttp.OTHER_SOURCE_KEY).statusCode()).isEqualTo(404);
        assertThat(http.get(location + "/report", ImportHttp.OTHER_SOURCE_KEY).statusCode()).isEqualTo(404);
        assertThat(new JsonObject(http.get("/api/v1/imports", ImportHttp.OTHER_SOURCE_KEY).body()).getJsonArray("jobs")).isEmpty();
    }
}
