package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventWriter;
import cn.haikou.mediation.ingest.InvalidEventException;
import cn.haikou.mediation.testing.TestServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An import meets a full write queue: it waits for room instead of failing or buffering without bound. */
@DisplayName("CSV import under backpressure")
class ImportBackpressureTest {

    private static final int QUEUE_MAX_EVENTS = 2_500;
    private static final int LIVE_EVENTS = 2_000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("waits while the writer's queue is full, never holds more than the queue allows, then stores every row")
    void waitsForRoom() throws Exception {
        Path file = Datasets.nyc311(Datasets.SUBSET_2011);
        Nyc311Expectation expected = Nyc311Expectation.of(file);
        try (TestServer server = TestServer.start(dir.resolve("data"), o -> {
            o.put("pack", "nyc311");
            ((ObjectNode) o.get("ingest")).put("queueMaxEvents", QUEUE_MAX_EVENTS);
        })) {
            EventWriter writer = server.server().writer();
            Counter refused = server.server().metrics().registry().find("ingest.events").tag("outcome", "queue_full").counter();
            CsvImporter importer = new CsvImporter(new EventParser(Pack.load("nyc311"), Clock.systemUTC()), writer, 1_000);

            // A stalled database, and live traffic holding most of the queue: the import's chunks do not fit.
            writer.pause(true);
            CompletableFuture<List<EventWriter.Outcome>> live;
            CompletableFuture<ImportCounts> run;
            try {
                live = writer.submit(liveEvents(LIVE_EVENTS));
                run = CompletableFuture.supplyAsync(() -> importFile(importer, file));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (refused.count() == 0 && !run.isDone() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(refused.count()).as("the import was refused by a full queue").isPositive();
                assertThat(run).as("the import waits instead of failing").isNotDone();
                assertThat(writer.queuedEvents()).isLessThanOrEqualTo(QUEUE_MAX_EVENTS);
            } finally {
                writer.pause(false);
            }

            ImportCounts counts = run.get(60, TimeUnit.SECONDS);
            assertThat(live.get(10, TimeUnit.SECONDS)).hasSize(LIVE_EVENTS).containsOnly(EventWriter.Outcome.ACCEPTED);
            assertThat(counts.storedNew()).isEqualTo(expected.accepted);
            assertThat(counts.rejected()).isEqualTo(expected.rejected());
            assertThat(StoredEvents.count(server.server().clickHouse())).isEqualTo(LIVE_EVENTS + expected.accepted + expected.closed);
        }
    }

    @Test
    @DisplayName("a chunk larger than the whole queue fails at once with the setting to change, and stores nothing")
    void chunkLargerThanTheQueue() throws Exception {
        Path file = Datasets.nyc311(Datasets.SUBSET_2011);
        try (TestServer server = TestServer.start(dir.resolve("data"), o -> {
            o.put("pack", "nyc311");
            ((ObjectNode) o.get("ingest")).put("queueMaxEvents", QUEUE_MAX_EVENTS);
        })) {
            EventWriter writer = server.server().writer();
            CsvImporter importer = new CsvImporter(new EventParser(Pack.load("nyc311"), Clock.systemUTC()), writer, QUEUE_MAX_EVENTS + 1);
            assertThatThrownBy(() -> importFile(importer, file)).hasRootCauseInstanceOf(ImportFailedException.class)
                    .rootCause().hasMessageContaining("does not fit").hasMessageContaining("ingest.queueMaxEvents");
            assertThat(StoredEvents.count(server.server().clickHouse())).isZero();
        }
    }

    /** Valid live events of the NYC pack, received a minute ago. */
    private static List<CaseEvent> liveEvents(int n) throws InvalidEventException {
        EventParser parser = new EventParser(Pack.load("nyc311"), Clock.systemUTC());
        String at = Instant.now().minusSeconds(60).toString();
        List<CaseEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(parser.parse(new ObjectMapper().createObjectNode().put("eventId", "live-" + i).put("caseId", "live-" + i)
                    .put("kind", "received").put("eventTime", at).put("receivedAt", at).put("district", "MANHATTAN")
                    .put("town", "01 MANHATTAN").put("caseType", "Noise").put("channel", "PHONE"), "live"));
        }
        return events;
    }

    private static ImportCounts importFile(CsvImporter importer, Path file) {
        ImportProgress progress = new ImportProgress();
        try (RejectionReport report = RejectionReport.to(OutputStream.nullOutputStream()); InputStream in = Files.newInputStream(file)) {
            importer.importFile(new ImportSession("test", report, progress), file.getFileName().toString(), in, Files.size(file),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (ImportFailedException e) {
            throw new IllegalStateException(e);
        }
        return progress.snapshot();
    }
}
