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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained ingest through the batch endpoint of a real server (NDJSON requests from concurrent
 * clients, each answered after the events are stored), then the engine's own
 * streaming insert of the same events into the same schema in the same process: throughput of
 * both, their ratio, and the time from POST to acknowledgement. Measured in rounds, each followed
 * by its engine-alone run, because on a shared two-core machine the engine's own speed
 * drifts by 2x within minutes and a ratio of figures taken far apart says little.
 *
 * <p>Two kinds of load. By default, saturation: 8 clients of 1,000 events, each posting its next
 * request when the last is answered, which keeps about two inserts' worth of events in flight, so
 * that the writer always has the next batch waiting (with fewer, it idles while clients turn
 * round; with more, 16 were measured, throughput does not rise and acknowledgements only wait
 * longer in the queue). That finds the most the server takes, but not a latency: in a closed loop
 * an ack waits (events in flight) / (throughput), which the number of clients sets (Little's law).
 * With {@code --rates}, each round offers a fixed rate instead, requests sent on a schedule
 * whatever the answers (as the 12345 platform's sources send), and each ack is timed from when its
 * request was due, so that a server falling behind shows as latency rather than as a slower
 * client. The highest rate that the server, at it and at every lower rate of the run, keeps up with
 * under the ack bound is the sustained throughput, and its ratio to the engine alone is read at
 * that same load.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest throughput and ack latency vs the engine alone.")
final class IngestBench implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "300000", description = "events to post in each round (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds, each the server and then the engine alone on the same"
            + " events, so that each ratio pairs figures taken minutes apart on a noisy machine (default ${DEFAULT-VALUE})")
    int rounds;

    /**
     * 300,000: after 50,000 (the default until 2026-12-01) the JIT's compiler threads still took 19%
     * of a core in the first 25 s of a measured round and 6-8% a minute in, CPU the inserts lacked.
     */
    @Option(names = "--warmup", defaultValue = "300000",
            description = "events posted first and not counted, so that the JIT has compiled the path (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--request", defaultValue = "1000", description = "events per request (default ${DEFAULT-VALUE})")
    int request;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent clients of the saturation load (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rates", split = ",", description = "offered events/s, one round each, instead of the saturation load:"
            + " requests go out on a fixed schedule whatever the answers (e.g. 15000,20000,25000)")
    List<Integer> rates;

    @Option(names = "--ack-p99-ms", defaultValue = "500", description = "the ack bound a rate must keep to count as sustained"
            + " (default ${DEFAULT-VALUE})")
    double ackBoundMs;

    @Option(names = "--batch", description = "ingest.batchMaxEvents of the server (default: the product's default)")
    Integer batchMaxEvents;

    @Option(names = "--min-batch", description = "ingest.batchMinEvents of the server (default: the product's default)")
    Integer batchMinEvents;

    @Option(names = "--delay", description = "ingest.batchMaxDelayMs of the server (default: the product's default)")
    Integer batchMaxDelayMs;

    @Option(names = "--inserters", description = "ingest.inserters of the server: inserts run at once (default: the product's default)")
    Integer inserters;

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
        if (inserters != null) {
            ingest.put("inserters", inserters);
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
            int roundCount = rates != null ? rates.size() : rounds;
            Instant base = Instant.now().minusMillis((long) events * roundCount + warmup + 60_000L);
            List<byte[]> warmupBodies = bodies(new SampleEvents("wu", 3, base), warmup);
            System.out.printf("%d rounds of %d events in requests of %d, %s, after %d warm-up events%n", roundCount, events, request,
                    load(), warmup);
            post(server.httpPort(), warmupBodies, new Percentiles());

            List<Round> done = new ArrayList<>();
            Percentiles allAcks = new Percentiles();
            List<byte[]> bodies = List.of();
            for (int r = 1; r <= roundCount; r++) {
                bodies = bodies(new SampleEvents("r" + r, 2L + r, base.plusMillis((long) events * (r - 1))), events);
                Integer rate = rates != null ? rates.get(r - 1) : null;
                quiesce(server.clickHouse());
                Round round = serverRound(server, bodies, "r" + r, rate);
                allAcks.addAll(round.acks());
                // then the engine alone, once the round's merges are done, on the same events in inserts of the size the writer made
                quiesce(server.clickHouse());
                Engine engine = engineAlone(server.clickHouse(), warmupBodies, bodies, (int) Math.round(round.meanBatch()), data);
                done.add(round.withEngine(engine));
                System.out.printf("round %d (%s): %.0f events/s, engine alone %.0f, ratio %.2f, ack p99 %.0f ms%s%n", r,
                        rate == null ? "saturation" : rate + " offered", round.throughput(), engine.perSecond(),
                        done.get(done.size() - 1).ratio(), round.acks().at(0.99), round.refused() > 0 ? ", " + round.refused()
                                + " requests refused" : "");
            }
            double engine50k = engineAlone(server.clickHouse(), warmupBodies, bodies, 50_000, data).perSecond();
            long rss = Machine.rssMb(ProcessHandle.current().pid());

            System.out.println();
            System.out.println("Machine: " + Machine.describe());
            System.out.println();
            System.out.printf("POST /api/v1/events/batch, %s, %d-event requests; each round: the server, then chDB's C API"
                    + " alone streaming the same rows into the same table and views in inserts of the same size%n%n", load(), request);
            System.out.println("| round | offered | events/s | mean insert | ack p50 | ack p99 | writer busy | CPU per 1,000 events"
                    + " | engine alone | its CPU per 1,000 | ratio |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < done.size(); i++) {
                Round d = done.get(i);
                System.out.printf("| %d | %s | %.0f | %.0f rows, %.0f ms | %.0f ms | %.0f ms | %.0f%% | %.0f ms | %.0f | %.0f ms | %.2f |%n",
                        i + 1, d.offered() == null ? "saturation" : d.offered().toString(), d.throughput(), d.meanBatch(),
                        d.meanInsertMs(), d.acks().at(0.5), d.acks().at(0.99), d.busyShare() * 100, d.cpuMsPerThousand(),
                        d.engine().perSecond(), d.engine().cpuMsPerThousand(), d.ratio());
            }
            double[] ratios = done.stream().mapToDouble(Round::ratio).sorted().toArray();
            double[] p99s = done.stream().mapToDouble(d -> d.acks().at(0.99)).sorted().toArray();
            System.out.printf("%nmedian ratio %.2f; median ack p99 %.0f ms; all rounds' acks together: p50 %.0f ms, p99 %.0f ms%n",
                    ratios[ratios.length / 2], p99s[p99s.length / 2], allAcks.at(0.5), allAcks.at(0.99));
            if (rates != null) {
                // The highest rate below the first one missed: on a noisy machine a lucky round at a high
                // rate after a missed lower one would otherwise be picked.
                Round best = null;
                for (Round d : done.stream().sorted(Comparator.comparingInt(Round::offered)).toList()) {
                    if (!sustained(d)) {
                        break;
                    }
                    best = d;
                }
                if (best == null) {
                    System.out.printf("no rate was sustained under an ack p99 of %.0f ms%n", ackBoundMs);
                } else {
                    System.out.printf("sustained (this rate and every lower one kept up, refused nothing, acked p99 under %.0f ms):"
                                    + " %d offered, %.0f events/s, ack p50 %.0f ms, p99 %.0f ms, ratio %.2f to the engine alone in that"
                                    + " round%n", ackBoundMs, best.offered(), best.throughput(), best.acks().at(0.5), best.acks().at(0.99),
                            best.ratio());
                }
            }
            System.out.printf("engine alone in 50000-row inserts (last round's rows): %.0f events/s; RSS %d MB%n", engine50k, rss);
        } finally {
            server.stop();
        }
        return 0;
    }

    /**
     * Lets the previous phase's background merges finish and collects the benchmark's own garbage
     * (the next round's request bodies, just made), so that neither is charged to the next phase.
     * Without it a server round paid for the merges of the thousand parts the engine-alone run
     * before it had just made, and its p99 for a pause copying those bodies.
     */
    private static void quiesce(ClickHouse ch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            long merging = ch.query("SELECT count() AS n FROM system.merges").single().getLong("n");
            quiet = merging == 0 ? quiet + 1 : 0;
            Thread.sleep(200);
        }
        System.gc();
    }

    private String load() {
        return rates == null ? clients + " clients at saturation" : "offered rates " + rates + " events/s";
    }

    /**
     * Kept up with what was offered (the run lasted at most 5% longer than the schedule, which
     * leaves room for the last ack), refused nothing, and acknowledged within the bound.
     */
    private boolean sustained(Round d) {
        return d.offered() != null && d.refused() == 0 && d.throughput() >= 0.95 * d.offered() && d.acks().at(0.99) < ackBoundMs;
    }

    private List<byte[]> bodies(SampleEvents samples, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < count; from += request) {
            out.add(samples.ndjson(from, Math.min(request, count - from)));
        }
        return out;
    }

    /** One measured round through the server: throughput, acknowledgement times and the writer's inserts. */
    private Round serverRound(MediationServer server, List<byte[]> bodies, String prefix, Integer rate) throws Exception {
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
        int refused = 0;
        if (rate == null) {
            post(server.httpPort(), bodies, acks);
        } else {
            refused = postAtRate(server.httpPort(), bodies, rate, acks);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMsPerThousand = (processCpuSeconds() - cpuBefore) * 1000 / (events / 1000.0);
        long stored = server.clickHouse().query("SELECT count() AS n FROM case_events WHERE startsWith(event_id, '" + prefix + "-')")
                .single().getLong("n");
        long expected = events - (long) refused * request;
        if (refused == 0 ? stored != events : stored < expected) {
            throw new IllegalStateException("stored " + stored + " of " + expected + " acknowledged in round " + prefix);
        }
        long inserts = insertTimer.count() - insertsBefore;
        double insertSeconds = insertTimer.totalTime(TimeUnit.SECONDS) - insertSecondsBefore;
        double meanBatch = (batches.totalAmount() - batchedBefore) / (batches.count() - batchesBefore);
        return new Round(rate, (events - (double) refused * request) / seconds, meanBatch, insertSeconds * 1000 / inserts,
                insertSeconds / seconds, cpuMsPerThousand, acks, refused, null);
    }

    /** CPU seconds this process (server, engine and the posting clients) has used; see {@link Machine#cpuSeconds}. */
    private static double processCpuSeconds() {
        return Machine.cpuSeconds(ProcessHandle.current().pid());
    }

    /** One round through the server; {@code offered} is null at saturation; {@code refused} counts requests answered 429. */
    private record Round(Integer offered, double throughput, double meanBatch, double meanInsertMs, double busyShare,
                         double cpuMsPerThousand, Percentiles acks, int refused, Engine engine) {
        Round withEngine(Engine alone) {
            return new Round(offered, throughput, meanBatch, meanInsertMs, busyShare, cpuMsPerThousand, acks, refused, alone);
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
                    HttpRequest req = batchRequest(port, bodies.get(i));
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    mine.add((System.nanoTime() - t0) / 1e6);
                    requireAllAccepted(i, r);
                }
                return mine;
            }));
        }
        for (Future<Percentiles> f : results) {
            ack.addAll(f.get());
        }
        pool.shutdown();
    }

    private static HttpRequest batchRequest(int port, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/batch?detail=problems"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer bench-ingest-key-0123456789")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Every event of every request is new and valid, so anything but all accepted is a failure of the run. */
    private static void requireAllAccepted(int request, HttpResponse<String> answer) {
        if (answer.statusCode() != 200 || new JsonObject(answer.body()).getInteger("rejected") != 0) {
            throw new IllegalStateException("request " + request + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /**
     * Open loop: request i goes out at {@code i * request / rate} seconds whatever the answers, and
     * its ack is timed from then, so that time spent queued in this client when the server falls
     * behind counts too (no coordinated omission). Returns how many requests were refused (429).
     */
    private int postAtRate(int port, List<byte[]> bodies, int rate, Percentiles ack) throws Exception {
        ExecutorService answers = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(answers).build();
        long interval = Math.round(request * 1e9 / rate);
        long start = System.nanoTime() + 10_000_000L;
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> sent = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            long due = start + i * interval;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            HttpRequest req = batchRequest(port, bodies.get(i));
            sent.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenAccept(r -> {
                double millis = (System.nanoTime() - due) / 1e6;
                if (r.statusCode() == 429) {
                    refused.incrementAndGet();
                    return;
                }
                requireAllAccepted(index, r);
                synchronized (ack) {
                    ack.add(millis);
                }
            }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        answers.shutdown();
        return refused.get();
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
