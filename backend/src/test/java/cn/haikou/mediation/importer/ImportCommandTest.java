package cn.haikou.mediation.importer;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code import} command in a process of its own, as an operator runs it: the embedded engine
 * allows one process per data directory, so the child imports while no server is open, and the
 * test's server opens the directory only after the child has exited.
 */
@DisplayName("mediation-server import")
class ImportCommandTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("imports both NYC files, exits 0, writes the report, and the stored counts match the CSV")
    void importsFiles() throws Exception {
        Path data = dir.resolve("data");
        Path report = dir.resolve("reports").resolve("rejected.csv");
        Path y2011 = Datasets.nyc311(Datasets.SUBSET_2011);
        Path y2013 = Datasets.nyc311(Datasets.SAMPLE_2013);
        Nyc311Expectation e2011 = Nyc311Expectation.of(y2011);
        Nyc311Expectation e2013 = Nyc311Expectation.of(y2013);

        Child run = runCommand(data, "--pack", "nyc311", "--source", "nyc-history", "--report", report.toString(),
                y2011.toString(), y2013.toString());
        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("import finished: 2199 rows read")
                .contains((e2011.accepted + e2013.accepted) + " stored")
                .contains((e2011.rejected() + e2013.rejected()) + " rejected");

        List<Map<String, String>> lines = CsvImporterNycTest.readReport(report);
        assertThat(lines).hasSize(e2011.rejected() + e2013.rejected());
        assertThat(lines.stream().filter(l -> l.get("file").equals(Datasets.SUBSET_2011)).map(l -> l.get("case_id")).toList())
                .containsExactlyInAnyOrderElementsOf(e2011.rejectedKeys);
        assertThat(lines.stream().filter(l -> l.get("file").equals(Datasets.SAMPLE_2013)).map(l -> l.get("case_id")).toList())
                .containsExactlyInAnyOrderElementsOf(e2013.rejectedKeys);
        assertThat(lines).allSatisfy(l -> assertThat(Long.parseLong(l.get("line"))).isGreaterThan(1));

        try (TestServer server = TestServer.start(data, o -> o.put("pack", "nyc311"))) {
            ClickHouse ch = server.server().clickHouse();
            Map<String, Long> byBorough = new java.util.TreeMap<>(e2011.receivedByBorough);
            e2013.receivedByBorough.forEach((k, v) -> byBorough.merge(k, v, Long::sum));
            assertThat(StoredEvents.receivedByDistrict(ch)).isEqualTo(byBorough);
            assertThat(StoredEvents.byKind(ch)).isEqualTo(Map.of(
                    "received", (long) e2011.accepted + e2013.accepted, "mediated", (long) e2011.closed + e2013.closed));
            var sources = ch.query("SELECT uniqExact(source) AS n, any(source) AS s FROM case_events").single();
            assertThat(sources.getLong("n")).isEqualTo(1);
            assertThat(sources.getString("s")).isEqualTo("nyc-history");

            // While the server holds the directory the command cannot open it, and says what to do instead.
            Child locked = runCommand(data, "--pack", "nyc311", y2013.toString());
            assertThat(locked.exitCode).as(locked.output).isEqualTo(1);
            assertThat(locked.output).contains("stop the server").contains("POST").contains("/api/v1/imports");
        }
    }

    @Test
    @DisplayName("refuses a missing file or an unknown pack with exit code 2 before touching storage")
    void usageErrors() {
        Map<String, String> env = Map.of("DATA_DIR", dir.resolve("untouched").toString());
        assertThat(new CommandLine(new ImportCommand(env)).execute(dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(new CommandLine(new ImportCommand(env)).execute("--pack", "atlantis", "x.csv")).isEqualTo(2);
        assertThat(new CommandLine(new ImportCommand(env)).execute()).isEqualTo(2);
        assertThat(dir.resolve("untouched")).doesNotExist();
    }

    private record Child(int exitCode, String output) {
    }

    /** Runs the command in a fresh JVM with this test's classpath and only the data directory configured. */
    private Child runCommand(Path data, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ImportCommand.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "import-", ".log");
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(List.of("CONFIG_FILE", "PACK", "CLICKHOUSE_URL", "HTTP_PORT", "INGEST_API_KEYS"));
        builder.environment().put("DATA_DIR", data.toString());
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the import command did not finish in 90 s:\n" + Files.readString(log));
        }
        return new Child(process.exitValue(), Files.readString(log));
    }
}
