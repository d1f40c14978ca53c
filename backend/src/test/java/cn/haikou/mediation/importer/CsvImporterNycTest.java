package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.TestServer;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The import core on the real NYC 311 extracts, against a real server's writer and engine. */
@DisplayName("CSV import core with the NYC 311 pack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CsvImporterNycTest {

    private static final Logger LOG = LoggerFactory.getLogger(CsvImporterNycTest.class);

    @TempDir
    static Path dir;
    private static TestServer server;
    private static CsvImporter importer;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), o -> o.put("pack", "nyc311"));
        importer = new CsvImporter(new EventParser(Pack.load("nyc311"), Clock.systemUTC()), server.server().writer());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("stores every acceptable row of both files, rejects the rest with a reason, and the stored counts match the CSV")
    void importsBothFiles() throws Exception {
        Path y2011 = Datasets.nyc311(Datasets.SUBSET_2011);
        Path y2013 = Datasets.nyc311(Datasets.SAMPLE_2013);
        Nyc311Expectation e2011 = Nyc311Expectation.of(y2011);
        Nyc311Expectation e2013 = Nyc311Expectation.of(y2013);
        assertThat(e2011.rows).isEqualTo(2000);
        assertThat(e2013.rows).isEqualTo(199);

        long started = System.nanoTime();
        ImportRun first = run(y2011);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("imported {} rows of {} in {} ms: {} rows/s", first.counts.rowsRead(), y2011.getFileName(),
                Math.round(seconds * 1000), Math.round(first.counts.rowsRead() / seconds));
        ImportRun second = run(y2013);

        for (ImportRun r : List.of(first, second)) {
            Nyc311Expectation expected = r == first ? e2011 : e2013;
            assertThat(r.counts.rowsRead()).isEqualTo(expected.rows);
            assertThat(r.counts.storedNew()).isEqualTo(expected.accepted);
            assertThat(r.counts.alreadyPresent()).isZero();
            assertThat(r.counts.rejected()).isEqualTo(expected.rejected());
            assertThat(r.counts.stored() + r.counts.rejected()).isEqualTo(expected.rows);
            assertThat(r.counts.eventsStored()).isEqualTo(expected.accepted + expected.closed);
            // One report line per rejected row, naming exactly the rows the independent rules refuse.
            assertThat(r.report).hasSize(expected.rejected());
            assertThat(r.report.stream().map(l -> l.get("case_id")).toList()).containsExactlyInAnyOrderElementsOf(expected.rejectedKeys);
            assertThat(r.report).allSatisfy(l -> {
                assertThat(l.get("code")).isNotBlank();
                assertThat(l.get("field")).isNotBlank();
                assertThat(l.get("message")).isNotBlank();
            });
        }

        // The known mess of the 2011 file, each refused for its own reason.
        assertThat(reasons(first.report, "code")).containsKeys("unknown_district");
        Map<String, String> closedBeforeOpened = first.report.stream()
                .filter(l -> l.get("case_id").equals("19944912")).findFirst().orElseThrow();
        assertThat(closedBeforeOpened.get("field")).isEqualTo("closedAt");
        assertThat(closedBeforeOpened.get("message")).contains("Closed Date");
        assertThat(first.report.stream().filter(l -> l.get("code").equals("unknown_district")))
                .allSatisfy(l -> assertThat(l.get("message")).contains("'Unspecified'"));

        ClickHouse ch = server.server().clickHouse();
        assertThat(StoredEvents.receivedByDistrict(ch)).isEqualTo(sum(e2011.receivedByBorough, e2013.receivedByBorough));
        assertThat(StoredEvents.receivedByCaseType(ch)).isEqualTo(sum(e2011.receivedByType, e2013.receivedByType));
        // The 2013 file has no channel column: its rows take the mapping's default, UNKNOWN.
        assertThat(StoredEvents.receivedByChannel(ch)).isEqualTo(sum(e2011.receivedByChannel, e2013.receivedByChannel));
        assertThat(e2013.receivedByChannel).containsOnlyKeys("UNKNOWN");
        assertThat(StoredEvents.byKind(ch)).isEqualTo(Map.of(
                "received", (long) e2011.accepted + e2013.accepted,
                "mediated", (long) e2011.closed + e2013.closed));
    }

    @Test
    @Order(2)
    @DisplayName("importing the same files again stores nothing: every row is already present")
    void reimportStoresNothingNew() throws Exception {
        long before = StoredEvents.count(server.server().clickHouse());
        for (String file : List.of(Datasets.SUBSET_2011, Datasets.SAMPLE_2013)) {
            Nyc311Expectation expected = Nyc311Expectation.of(Datasets.nyc311(file));
            ImportRun again = run(Datasets.nyc311(file));
            assertThat(again.counts.storedNew()).isZero();
            assertThat(again.counts.eventsStored()).isZero();
            assertThat(again.counts.alreadyPresent()).isEqualTo(expected.accepted);
            assertThat(again.counts.rejected()).isEqualTo(expected.rejected());
        }
        assertThat(StoredEvents.count(server.server().clickHouse())).isEqualTo(before);
    }

    private record ImportRun(ImportCounts counts, List<Map<String, String>> report) {
    }

    private static ImportRun run(Path file) throws Exception {
        Path reportFile = Files.createTempFile(dir, "report-", ".csv");
        ImportProgress progress = new ImportProgress();
        try (RejectionReport report = RejectionReport.create(reportFile); InputStream in = Files.newInputStream(file)) {
            importer.importFile(new ImportSession("nyc-history", report, progress), file.getFileName().toString(), in,
                    Files.size(file), StandardCharsets.UTF_8);
        }
        return new ImportRun(progress.snapshot(), readReport(reportFile));
    }

    static List<Map<String, String>> readReport(Path file) throws Exception {
        return readReport(Files.readString(file));
    }

    static List<Map<String, String>> readReport(String csv) throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (it.hasNext()) {
                lines.add(it.next());
            }
        }
        return lines;
    }

    private static Map<String, Long> reasons(List<Map<String, String>> report, String column) {
        Map<String, Long> counts = new HashMap<>();
        report.forEach(l -> counts.merge(l.get(column), 1L, Long::sum));
        return counts;
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new java.util.TreeMap<>(a);
        b.forEach((k, v) -> total.merge(k, v, Long::sum));
        return total;
    }
}
