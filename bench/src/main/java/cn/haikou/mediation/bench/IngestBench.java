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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained ingest through the batch endpoint of a real server (NDJSON requests of 10,000 events
 * from concurrent clients, each answered after the events are stored), then the engine's own
 * streaming insert of the same events into the same schema in the same process: throughput of
 * both, their ratio, and the time from POST to acknowledgement.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest throughput and ack latency vs the engine alone.")
final class IngestBench implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "events to post (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--request", defaultValue = "10000", description = "events per request (default ${DEFAULT-VALUE})")
    int request;

    @Option(names = "--clients", defaultValue = "4", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--batch", description = "ingest.batchMaxEvents of the server (default: the product's default)")
    Integer batchMaxEvents;

    @Option(names = "--delay", description = "ingest.batchMaxDelayMs of the server (default: the product's default)")
    Integer batchMaxDelayMs;

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
        if (batchMaxDelayMs != null) {
            ingest.put("batchMaxDelayMs", batchMaxDelayMs);
        }
        MediationServer server = new MediationServer(ConfigLoader.withOverrides(o));
        server.start().await();
        try {
            Instant base = Instant.now().minusMillis(events + 60_000L);
            List<byte[]> bodies = new ArrayList<>();
            SampleEvents samples = new SampleEvents("ib", 2, base);
            for (int from = 0; from < events; from += request) {
                bodies.add(samples.ndjson(from, Math.min(request, events - from)));
            }
            long bytes = bodies.stream().mapToLong(b -> b.length).sum();
            System.out.printf("%d events in %d requests of %d, %.0f bytes/event, %d clients%n", events, bodies.size(), request,
                    (double) bytes / events, clients);

            Percentiles ack = new Percentiles();
            long started = System.nanoTime();
            post(server.httpPort(), bodies, ack);
            double seconds = (System.nanoTime() - started) / 1e9;
            double throughput = events / seconds;
            long stored = server.clickHouse().query("SELECT count() AS n FROM case_events").single().getLong("n");
            if (stored != events) {
                throw new IllegalStateException("stored " + stored + " of " + events);
            }
            double meanBatch = server.metrics().registry().get("ingest.batch.events").summary().mean();
            long rss = Machine.rssMb(ProcessHandle.current().pid());

            double engine = engineAlone(server.clickHouse(), bodies, (int) Math.round(meanBatch), data);
            double engine50k = engineAlone(server.clickHouse(), bodies, 50_000, data);

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
            System.out.printf("%nratio ingest / engine (same insert size): %.2f; / engine at 50k rows: %.2f%n",
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

    /** The same events, encoded as the writer encodes them, streamed by chDB directly into the emptied tables. */
    private double engineAlone(ClickHouse ch, List<byte[]> bodies, int insertRows, Path data) throws Exception {
        EventParser parser = new EventParser(Pack.load("haikou"), Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        List<CaseEvent> all = new ArrayList<>(events);
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
        all.clear();
        for (String t : List.of("case_events", "case_state_agg", "events_by_minute", "events_by_day")) {
            ch.execute("TRUNCATE TABLE " + t);
        }
        try (RawEngine engine = new RawEngine(Storage.engineLibrary(""), data, "mediation")) {
            long t0 = System.nanoTime();
            for (List<byte[]> insert : inserts) {
                engine.insert(RawEngine.eventsTarget(), "RowBinary", insert);
            }
            return events / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
