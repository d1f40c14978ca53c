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
 * both, their ratio, and the time from POST to acknowledgement. Measured in rounds, each followed
 * at once by its engine-alone run, because on a shared two-core machine the engine's own speed
 * drifts by 2x within minutes and a ratio of figures taken far apart says little.
 *
 * <p>The default load, 8 clients of 1,000 events, keeps about two inserts' worth of events in
 * flight, so that the writer always has the next batch waiting: with fewer, it idles while clients
 * turn round; with more (16 were measured), throughput does not rise and acknowledgements only
 * wait longer in the queue.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest throughput and ack latency vs the engine alone.")
final class IngestBench implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "300000", description = "events to post in each round (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds, each the server and then the engine alone on the same"
            + " events, so that each ratio pairs figures taken minutes apart on a noisy machine (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "50000",
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

    @Option(names = "--merge-selector-base", description = "merge_selector_base of the tables inserts write, set after the"
            + " migrations (default: the schema's, 20; ClickHouse's own default is 5)")
    Integer mergeSelectorBase;

    @Option(names = "--dir", description = "data directory (default: a new temporary one)")
    Path dir;

    /** The tables every insert into case_events writes: the events and the six views' targets. */
    private static final List<String> INSERT_TABLES = List.of("case_events", "case_state_agg", "events_by_minute", "events_by_day",
            "events_by_day_type", "durations_by_day", "mediators_seen");

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
            if (mergeSelectorBase != null) {
                for (String t : INSERT_TABLES) {
                    server.clickHouse().execute("ALTER TABLE " + t + " MODIFY SETTING merge_selector_base = " + mergeSelectorBase);
                }
            }
            Instant base = Instant.now().minusMillis((long) events * rounds + warmup + 60_000L);
            List<byte[]> warmupBodies = bodies(new SampleEvents("wu", 3, base), warmup);
            System.out.printf("%d rounds of %d events in requests of %d, %d clients, after %d warm-up events%n",
                    rounds, events, request, clients, warmup);
            post(server.httpPort(), warmupBodies, new Percentiles());

            List<Round> done = new ArrayList<>();
            Percentiles allAcks = new Percentiles();
            List<byte[]> bodies = List.of();
            for (int r = 1; r <= rounds; r++) {
                bodies = bodies(new SampleEvents("r" + r, 2L + r, base.plusMillis((long) events * (r - 1))), events);
                Round round = serverRound(server, bodies, "r" + r);
                allAcks.addAll(round.acks());
                // the engine alone right after, on the same events in inserts of the size the writer made
                Engine engine = engineAlone(server.clickHouse(), warmupBodies, bodies, (int) Math.round(round.meanBatch()), data);
                done.add(round.withEngine(engine));
                System.out.printf("round %d: %.0f events/s, engine alone %.0f, ratio %.2f, ack p99 %.0f ms%n", r,
                        round.throughput(), engine.perSecond(), done.get(done.size() - 1).ratio(), round.acks().at(0.99));
            }
            double engine50k = engineAlone(server.clickHouse(), warmupBodies, bodies, 50_000, data).perSecond();
            long rss = Machine.rssMb(ProcessHandle.current().pid());

            System.out.println();
            System.out.println("Machine: " + Machine.describe());
            System.out.println();
            System.out.printf("POST /api/v1/events/batch, %d clients x %d-event requests; each round: the server, then chDB's C API"
                    + " alone streaming the same rows into the same table and views in inserts of the same size%n%n", clients, request);
            System.out.println("| round | events/s | mean insert | ack p50 | ack p99 | writer busy | CPU per 1,000 events | engine alone"
                    + " | its CPU per 1,000 | ratio |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < done.size(); i++) {
                Round d = done.get(i);
                System.out.printf("| %d | %.0f | %.0f rows, %.0f ms | %.0f ms | %.0f ms | %.0f%% | %.0f ms | %.0f | %.0f ms | %.2f |%n", i + 1,
                        d.throughput(), d.meanBatch(), d.meanInsertMs(), d.acks().at(0.5), d.acks().at(0.99), d.busyShare() * 100,
                        d.cpuMsPerThousand(), d.engine().perSecond(), d.engine().cpuMsPerThousand(), d.ratio());
            }
            double[] ratios = done.stream().mapToDouble(Round::ratio).sorted().toArray();
            double[] p99s = done.stream().mapToDouble(d -> d.acks().at(0.99)).sorted().toArray();
            System.out.printf("%nmedian ratio %.2f; median ack p99 %.0f ms; all rounds' acks together: p50 %.0f ms, p99 %.0f ms%n",
                    ratios[ratios.length / 2], p99s[p99s.length / 2], allAcks.at(0.5), allAcks.at(0.99));
            System.out.printf("engine alone in 50000-row inserts (last round's rows): %.0f events/s; RSS %d MB%n", engine50k, rss);
        } finally {
            server.stop();
        }
        return 0;
    }

    private List<byte[]> bodies(SampleEvents samples, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < count; from += request) {
            out.add(samples.ndjson(from, Math.min(request, count - from)));
        }
        return out;
    }

    /** One measured round through the server: throughput, acknowledgement times and the writer's inserts. */
    private Round serverRound(MediationServer server, List<byte[]> bodies, String prefix) throws Exception {
        var registry = server.metrics().registry();
        var insertTimer = registry.get("ingest.insert").timer();
        var batches = registry.get("ingest.batch.events").summary();
        long insertsBefore = insertTimer.count();
        double insertSecondsBefore = insertTimer.totalTime(TimeUnit.SECONDS);
        long batchesBefore = batches.count();
        double batchedBefore = batches.totalAmount();

        Percentiles acks = new Percentiles();
        double cpuBefore = processCpuSeconds();
        long started = System.nanoTime();
        post(server.httpPort(), bodies, acks);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMsPerThousand = (processCpuSeconds() - cpuBefore) * 1000 / (events / 1000.0);
        long stored = server.clickHouse().query("SELECT count() AS n FROM case_events WHERE startsWith(event_id, '" + prefix + "-')")
                .single().getLong("n");
        if (stored != events) {
            throw new IllegalStateException("stored " + stored + " of " + events + " in round " + prefix);
        }
        long inserts = insertTimer.count() - insertsBefore;
        double insertSeconds = insertTimer.totalTime(TimeUnit.SECONDS) - insertSecondsBefore;
        double meanBatch = (batches.totalAmount() - batchedBefore) / (batches.count() - batchesBefore);
        return new Round(events / seconds, meanBatch, insertSeconds * 1000 / inserts, insertSeconds / seconds, cpuMsPerThousand, acks,
                null);
    }

    /** CPU seconds this process (server, engine and the posting clients) has used; see {@link Machine#cpuSeconds}. */
    private static double processCpuSeconds() {
        return Machine.cpuSeconds(ProcessHandle.current().pid());
    }

    private record Round(double throughput, double meanBatch, double meanInsertMs, double busyShare, double cpuMsPerThousand,
                         Percentiles acks, Engine engine) {
        Round withEngine(Engine alone) {
            return new Round(throughput, meanBatch, meanInsertMs, busyShare, cpuMsPerThousand, acks, alone);
        }

        /** Through the server against the engine alone, same events, same insert size. */
        double ratio() {
            return throughput / engine.perSecond();
        }
    }

    /** The engine alone: events per second, and the process's CPU per 1,000 events while it inserted them. */
    private record Engine(double perSecond, double cpuMsPerThousand) {
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
    private Engine engineAlone(ClickHouse ch, List<byte[]> warmupBodies, List<byte[]> bodies, int insertRows, Path data)
            throws Exception {
        List<List<byte[]>> warmupInserts = encode(warmupBodies, insertRows);
        List<List<byte[]>> inserts = encode(bodies, insertRows);
        for (String t : INSERT_TABLES) {
            ch.execute("TRUNCATE TABLE " + t);
        }
        try (RawEngine engine = new RawEngine(Storage.engineLibrary(""), data, "mediation")) {
            for (List<byte[]> insert : warmupInserts) {
                engine.insert(RawEngine.eventsTarget(), "RowBinary", insert);
            }
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            for (List<byte[]> insert : inserts) {
                engine.insert(RawEngine.eventsTarget(), "RowBinary", insert);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Engine(events / seconds, (processCpuSeconds() - cpu0) * 1000 / (events / 1000.0));
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
