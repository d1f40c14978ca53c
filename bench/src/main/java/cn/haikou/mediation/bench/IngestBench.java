package cn.haikou.mediation.bench;

import cn.haikou.mediation.bootstrap.MediationServer;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventStore;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.Storage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained ingest through the batch endpoint of a real server (NDJSON requests from concurrent
 * clients, each answered after the events are stored), then the engine's own
 * streaming insert of the same events into the same schema in the same process: throughput of
 * both, their ratio, and the time from POST to acknowledgement.
 *
 * <p>The default load, 8 clients of 1,000 events, keeps about two inserts' worth of events in
 * flight, so that the writer always has the next batch waiting: with fewer, it idles while clients
 * turn round; with more (16 were measured), throughput does not rise and acknowledgements only
 * wait longer in the queue.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest throughput and ack latency vs the engine alone.")
final class IngestBench implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "events to post (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--warmup", defaultValue = "100000",
            description = "events posted first and not counted, so that the JIT has compiled the path (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--request", defaultValue = "1000", description = "events per request (default ${DEFAULT-VALUE})")
    int request;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--batch", description = "ingest.batchMaxEvents of the server (default: the product's default)")
    Integer batchMaxEvents;

    @Option(names = "--min-batch", description = "ingest.batchMinEvents of the server (default: the product's default)")
    Integer batchMinEvents;

    @Option(names = "--delay", description = "ingest.batchMaxDelayMs of the server (default: the product's default)")
    Integer batchMaxDelayMs;

    @Option(names = "--case-refresh-ms", description = "live.slowRefreshMs of the server: how often, under writes, the wall's"
            + " case-state figures are re-read (default: the product's default)")
    Integer caseRefreshMs;

    @Option(names = "--dir", description = "data directory (default: a new temporary one)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path data = dir != null ? dir : Files.createTempDirectory("bench-ingest");
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("http").put("port", 0).put("host", "127.0.0.1");
        o.putObject("clickhouse").put("dataDir", data.toString());
        o.putObject("simulator").put("enabled", false);
        ObjectNode ingest = o.putObject("ingest").put("queueMaxEvents", Math.max(100_000, clients * request * 2));
        ingest.putArray("apiKeys").addObject().put("source", "bench").put("key", "bench-ingest-key-0123456789");
        if (batchMaxEvents != null) {
            ingest.put("batchMaxEvents", batchMaxEvents);
        }
        if (batchMinEvents != null) {
            ingest.put("batchMinEvents", batchMinEvents);
        }
        if (batchMaxDelayMs != null) {
            ingest.put("batchMaxDelayMs", batchMaxDelayMs);
        }
        if (caseRefreshMs != null) {
            o.putObject("live").put("slowRefreshMs", caseRefreshMs);
        }
        MediationServer server = new MediationServer(ConfigLoader.withOverrides(o));
        server.start().await();
        try {
            Instant base = Instant.now().minusMillis(events + warmup + 60_000L);
            List<byte[]> warmupBodies = new ArrayList<>();
            SampleEvents warmupSamples = new SampleEvents("wu", 3, base);
            for (int from = 0; from < warmup; from += request) {
                warmupBodies.add(warmupSamples.ndjson(from, Math.min(request, warmup - from)));
            }
            List<byte[]> bodies = new ArrayList<>();
            SampleEvents samples = new SampleEvents("ib", 2, base);
            for (int from = 0; from < events; from += request) {
                bodies.add(samples.ndjson(from, Math.min(request, events - from)));
            }
            long bytes = bodies.stream().mapToLong(b -> b.length).sum();
            System.out.printf("%d events in %d requests of %d, %.0f bytes/event, %d clients, after %d warm-up events%n", events,
                    bodies.size(), request, (double) bytes / events, clients, warmup);

            post(server.httpPort(), warmupBodies, new Percentiles());
            var registry = server.metrics().registry();
            long insertsBefore = registry.get("ingest.insert").timer().count();
            double insertSecondsBefore = registry.get("ingest.insert").timer().totalTime(TimeUnit.SECONDS);
            long batchesBefore = registry.get("ingest.batch.events").summary().count();
            double batchedBefore = registry.get("ingest.batch.events").summary().totalAmount();

            Percentiles ack = new Percentiles();
            long started = System.nanoTime();
            post(server.httpPort(), bodies, ack);
            double seconds = (System.nanoTime() - started) / 1e9;
            double throughput = events / seconds;
            long stored = server.clickHouse().query("SELECT count() AS n FROM case_events").single().getLong("n");
            if (stored != events + warmup) {
                throw new IllegalStateException("stored " + stored + " of " + events);
            }
            var batches = registry.get("ingest.batch.events").summary();
            double meanBatch = (batches.totalAmount() - batchedBefore) / (batches.count() - batchesBefore);
            var insertTimer = registry.get("ingest.insert").timer();
            long inserts = insertTimer.count() - insertsBefore;
            double insertSeconds = insertTimer.totalTime(TimeUnit.SECONDS) - insertSecondsBefore;
            long rss = Machine.rssMb(ProcessHandle.current().pid());

            double engine = engineAlone(server.clickHouse(), warmupBodies, bodies, (int) Math.round(meanBatch), data);
            double engine50k = engineAlone(server.clickHouse(), warmupBodies, bodies, 50_000, data);

            System.out.println();
            System.out.println("Machine: " + Machine.describe());
            System.out.println();
            System.out.println("| path | events/s | notes |");
            System.out.println("|---|---|---|");
            System.out.printf("| POST /api/v1/events/batch, %d clients x %d-event requests | %.0f | mean insert %.0f rows; ack p50 %.0f ms, p99 %.0f ms; RSS %d MB |%n",
                    clients, request, throughput, meanBatch, ack.at(0.5), ack.at(0.99), rss);
            System.out.printf("| engine alone, same rows, %d-row inserts | %.0f | chDB C API, same table and views |%n",
                    Math.round(meanBatch), engine);
            System.out.printf("| engine alone, same rows, 50000-row inserts | %.0f | |%n", engine50k);
            var queued = registry.get("ingest.ack").timer();
            System.out.printf("%nserver side: %.0f ms mean from submission to the writer until stored (over all requests)",
                    queued.mean(TimeUnit.MILLISECONDS));
            System.out.printf("%nwriter busy inserting %.1f s of the %.1f s run (%d inserts, mean %.0f ms)%n", insertSeconds, seconds,
                    inserts, insertSeconds * 1000 / inserts);
            System.out.printf("ratio ingest / engine (same insert size): %.2f; / engine at 50k rows: %.2f%n",
                    throughput / engine, throughput / engine50k);
        } finally {
            server.stop();
        }
        return 0;
    }

    private void post(int port, List<byte[]> bodies, Percentiles ack) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Percentiles>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                Percentiles mine = new Percentiles();
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/batch?detail=problems"))
                            .header("Content-Type", "application/x-ndjson")
                            .header("Authorization", "Bearer bench-ingest-key-0123456789")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    mine.add((System.nanoTime() - t0) / 1e6);
                    if (r.statusCode() != 200 || new JsonObject(r.body()).getInteger("rejected") != 0) {
                        throw new IllegalStateException("request " + i + " answered " + r.statusCode() + ": " + r.body());
                    }
                }
                return mine;
            }));
        }
        for (Future<Percentiles> f : results) {
            ack.addAll(f.get());
        }
        pool.shutdown();
    }

    /**
     * The same events, encoded as the writer encodes them, streamed by chDB directly into the emptied
     * tables: first the warm-up events (not timed, so that both runs start from the same tables), then
     * the measured ones.
     */
    private double engineAlone(ClickHouse ch, List<byte[]> warmupBodies, List<byte[]> bodies, int insertRows, Path data)
            throws Exception {
        List<List<byte[]>> warmupInserts = encode(warmupBodies, insertRows);
        List<List<byte[]>> inserts = encode(bodies, insertRows);
        for (String t : List.of("case_events", "case_state_agg", "events_by_minute", "events_by_day", "events_by_day_type",
                "durations_by_day", "mediators_seen")) {
            ch.execute("TRUNCATE TABLE " + t);
        }
        try (RawEngine engine = new RawEngine(Storage.engineLibrary(""), data, "mediation")) {
            for (List<byte[]> insert : warmupInserts) {
                engine.insert(RawEngine.eventsTarget(), "RowBinary", insert);
            }
            long t0 = System.nanoTime();
            for (List<byte[]> insert : inserts) {
                engine.insert(RawEngine.eventsTarget(), "RowBinary", insert);
            }
            return events / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static List<List<byte[]>> encode(List<byte[]> bodies, int insertRows) throws Exception {
        EventParser parser = new EventParser(Pack.load("haikou"), Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        List<CaseEvent> all = new ArrayList<>();
        for (byte[] body : bodies) {
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                all.add(parser.parse(json.readTree(line), "bench"));
            }
        }
        List<List<byte[]>> inserts = new ArrayList<>();
        for (int from = 0; from < all.size(); from += insertRows) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventStore.encode(all.subList(from, Math.min(all.size(), from + insertRows)), out);
            inserts.add(RawEngine.pieces(out.toByteArray()));
        }
        return inserts;
    }
}
