package cn.haikou.mediation.bench;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventStore;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.InsertFormat;
import cn.haikou.mediation.storage.Storage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Streams the same 1,000,000 case-event rows (RowBinary, as the write path encodes them) into
 * case_events (with its materialized views)
 * through the project's embedded transport and through chDB's C API directly, alternately, and
 * reports the throughput of each and their ratio.
 */
@Command(name = "transport", mixinStandardHelpOptions = true,
        description = "Transport vs the engine's own streaming insert of the same bytes.")
final class TransportBench implements Callable<Integer> {

    private static final List<String> TABLES = List.of("case_events", "case_state_agg", "events_by_minute", "events_by_day");

    @Option(names = "--events", defaultValue = "1000000", description = "rows to insert per run (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--batch", defaultValue = "50000", description = "rows per insert statement (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "3", description = "alternating rounds; the median is reported")
    int rounds;

    @Option(names = "--dir", description = "data directory (default: a new temporary one)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path data = dir != null ? dir : Files.createTempDirectory("bench-transport");
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("clickhouse").put("dataDir", data.toString());
        AppConfig config = ConfigLoader.withOverrides(o);
        ClickHouse ch = Storage.open(config.clickhouse()).clickHouse();
        List<byte[]> chunks = encode();
        long bytes = chunks.stream().mapToLong(c -> c.length).sum();
        System.out.printf("%d rows, %.0f bytes/row, %d inserts of %d rows%n", events, (double) bytes / events, chunks.size(), batch);
        double[] raw = new double[rounds];
        double[] transport = new double[rounds];
        try (RawEngine engine = new RawEngine(Storage.engineLibrary(config.clickhouse().engineLibrary()), data, config.clickhouse().database())) {
            List<List<byte[]>> pieces = chunks.stream().map(RawEngine::pieces).toList();
            for (int r = 0; r < rounds; r++) {
                truncate(ch);
                long t0 = System.nanoTime();
                for (List<byte[]> p : pieces) {
                    engine.insert(RawEngine.eventsTarget(), "RowBinary", p);
                }
                raw[r] = events / ((System.nanoTime() - t0) / 1e9);
                truncate(ch);
                t0 = System.nanoTime();
                for (byte[] c : chunks) {
                    ch.insert("case_events", EventStore.columns(), InsertFormat.ROW_BINARY, out -> out.write(c));
                }
                transport[r] = events / ((System.nanoTime() - t0) / 1e9);
                long stored = ch.query("SELECT count() AS n FROM case_events").single().getLong("n");
                if (stored != events) {
                    throw new IllegalStateException("stored " + stored + " rows, expected " + events);
                }
                System.out.printf("round %d: engine %.0f rows/s, transport %.0f rows/s%n", r + 1, raw[r], transport[r]);
            }
        } finally {
            ch.close();
        }
        double rawMedian = median(raw);
        double transportMedian = median(transport);
        System.out.println();
        System.out.println("Machine: " + Machine.describe());
        System.out.println();
        System.out.println("| path | rows/s (median of " + rounds + ") | time for " + events + " rows |");
        System.out.println("|---|---|---|");
        System.out.printf("| chDB C API directly | %.0f | %.2f s |%n", rawMedian, events / rawMedian);
        System.out.printf("| embedded transport (ClickHouse.insert) | %.0f | %.2f s |%n", transportMedian, events / transportMedian);
        System.out.printf("%nratio transport / engine: %.2f%n", transportMedian / rawMedian);
        return 0;
    }

    /** Realistic events, validated by the real parser, encoded exactly as the write path encodes them. */
    private List<byte[]> encode() throws Exception {
        EventParser parser = new EventParser(Pack.load("haikou"), Clock.systemUTC());
        SampleEvents samples = new SampleEvents("tb", 1, Instant.now().minusMillis(events + 60_000L));
        ObjectMapper json = new ObjectMapper();
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < events; from += batch) {
            List<CaseEvent> list = new ArrayList<>();
            for (int n = from; n < Math.min(events, from + batch); n++) {
                list.add(parser.parse(json.readTree(samples.event(n).encode()), "bench"));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(list.size() * 600);
            EventStore.encode(list, out);
            chunks.add(out.toByteArray());
        }
        return chunks;
    }

    private static void truncate(ClickHouse ch) {
        TABLES.forEach(t -> ch.execute("TRUNCATE TABLE " + t));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
