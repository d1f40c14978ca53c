package cn.haikou.mediation.bench.analytics;

import cn.haikou.mediation.bootstrap.MediationServer;
import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.Row;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Fills a store with synthetic history (default 50 million events over 5 years), starts a real
 * server on it and times a fixed set of leaders' and analysts' queries through the HTTP API, each
 * with the roll-ups and with {@code source=raw}. Rerunnable: a data directory already holding the
 * requested number of events is reused.
 *
 * <pre>
 * mvn -q -B -pl backend,bench package -DskipTests
 * java -cp bench/target/classes:backend/target/mediation-server.jar \
 *     cn.haikou.mediation.bench.analytics.AnalyticsBench --events 2000000
 * </pre>
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Times the analytics API on a large synthetic store, with and without roll-ups.")
public final class AnalyticsBench implements Callable<Integer> {

    private static final String TOKEN = "bench-analyst-token-0123456789";

    @Option(names = "--events", description = "events to store (default ${DEFAULT-VALUE})", defaultValue = "50000000")
    long events;

    @Option(names = "--data-dir", description = "store directory, under /tmp or target (default /tmp/analytics-bench-<events>)")
    Path dataDir;

    @Option(names = "--iterations", description = "timed runs per query and source (default ${DEFAULT-VALUE})", defaultValue = "10")
    int iterations;

    @Option(names = "--warmup", description = "untimed runs first (default ${DEFAULT-VALUE})", defaultValue = "2")
    int warmup;

    @Option(names = "--no-raw", description = "skip the source=raw comparison")
    boolean noRaw;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnalyticsBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir != null ? dataDir : Path.of("/tmp", "analytics-bench-" + events);
        Files.createDirectories(dir);
        MediationServer server = new MediationServer(config(dir));
        server.start().await();
        try {
            ClickHouse ch = server.clickHouse();
            Pack pack = Pack.load("haikou");
            String fill = prepare(ch, pack, out);
            String url = "http://127.0.0.1:" + server.httpPort();
            List<String> lines = new ArrayList<>();
            lines.add("Machine: " + machine() + "; embedded engine " + ch.serverVersion() + ".");
            lines.add("Data: " + String.format("%,d", events) + " events over 5 years (" + BenchData.START + " .. " + BenchData.END
                    + ", 6 events per case, 500 mediators); " + fill + "; " + sizes(ch) + ".");
            lines.add("Each query: " + warmup + " warm-up runs, then " + iterations + " timed runs, one at a time, over HTTP"
                    + " (time to the last byte of the body).");
            lines.add("");
            lines.add("| query | answer rows | roll-up source | p50 ms | p95 ms | raw p50 ms | raw p95 ms |");
            lines.add("|---|---:|---|---:|---:|---:|---:|");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (BenchQueries.Query q : BenchQueries.ALL) {
                Timing auto = time(http, url + "/api/v1/analytics/query?" + q.queryString());
                Timing raw = noRaw ? null : time(http, url + "/api/v1/analytics/query?" + q.queryString() + "&source=raw");
                String line = String.format("| %s | %,d | %s | %d | %d | %s | %s |", q.name(), auto.rows, auto.source,
                        auto.p50, auto.p95, raw == null ? "-" : raw.p50, raw == null ? "-" : raw.p95);
                lines.add(line);
                out.println(line);
                out.flush();
            }
            Timing dims = time(http, url + "/api/v1/analytics/dimensions");
            lines.add(String.format("| Dimensions (pickers, mediators seen) | - | mediators_seen | %d | %d | - | - |", dims.p50, dims.p95));
            out.println();
            lines.forEach(out::println);
            out.flush();
            return 0;
        } finally {
            server.stop();
        }
    }

    private AppConfig config(Path dir) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.putObject("http").put("port", 0).put("host", "127.0.0.1");
        o.putObject("clickhouse").put("dataDir", dir.toString()).put("maxExecutionSeconds", 600);
        o.putObject("simulator").put("enabled", false);
        o.put("pack", "haikou");
        o.putObject("security").putArray("tokens").addObject().put("name", "bench").put("token", TOKEN).put("role", "analyst");
        return ConfigLoader.withOverrides(o);
    }

    /** Fills the store unless it already holds exactly the requested events; waits for merges to settle. */
    private String prepare(ClickHouse ch, Pack pack, PrintWriter out) throws InterruptedException {
        long present = single(ch, "SELECT count() AS v FROM case_events");
        String fill;
        if (present == events) {
            fill = "store reused";
        } else if (present != 0) {
            throw new IllegalStateException("the data directory holds " + present + " events, not " + events
                    + "; choose another --data-dir or delete it");
        } else {
            out.printf("filling %,d events...%n", events);
            out.flush();
            Duration took = BenchData.fill(ch, pack, events, out);
            fill = String.format("filled in %d s (%,.0f events/s, INSERT ... SELECT with the materialized views)",
                    took.toSeconds(), events / (took.toMillis() / 1000.0));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (single(ch, "SELECT count() AS v FROM system.merges") > 0 && System.nanoTime() < deadline) {
            out.println("  waiting for background merges...");
            out.flush();
            Thread.sleep(5000);
        }
        return fill;
    }

    private record Timing(long p50, long p95, int rows, String source) {
    }

    private Timing time(HttpClient http, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofMinutes(10)).build();
        long[] ms = new long[iterations];
        String body = null;
        for (int i = -warmup; i < iterations; i++) {
            long started = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - started) / 1_000_000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                ms[i] = took;
            }
            body = r.body();
        }
        Arrays.sort(ms);
        return new Timing(rank(ms, 0.50), rank(ms, 0.95), rows(body), source(body));
    }

    /** Nearest-rank percentile. */
    private static long rank(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Rows of the answer: series x buckets for JSON, data lines for CSV. */
    private static int rows(String body) throws IOException {
        if (!body.startsWith("{")) {
            return (int) body.lines().count() - 1;
        }
        var json = new ObjectMapper().readTree(body);
        if (!json.has("series")) {
            return 0;
        }
        return json.get("series").size() * Math.max(1, json.get("buckets").size());
    }

    private static String source(String body) throws IOException {
        if (!body.startsWith("{")) {
            return "(csv)";
        }
        var json = new ObjectMapper().readTree(body);
        if (!json.has("sources")) {
            return "-";
        }
        List<String> sources = new ArrayList<>();
        json.get("sources").forEach(s -> sources.add(s.asText()));
        return String.join(" + ", sources);
    }

    private static String machine() {
        String cpu = "?";
        long memKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            // Not Linux: leave the unknowns as they are.
        }
        return String.format("%d CPUs (nproc), %s, %.1f GB RAM", Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0);
    }

    private static String sizes(ClickHouse ch) {
        StringBuilder sb = new StringBuilder();
        for (Row r : ch.query("SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts"
                + " WHERE active AND database = currentDatabase() AND table IN ('case_events', 'case_state_agg', 'events_by_minute', 'events_by_day', 'events_by_day_type', 'durations_by_day')"
                + " GROUP BY table ORDER BY table", Map.of()).toList()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(String.format("%s %,d rows / %.2f GB", r.getString("table"), r.getLong("rows"), r.getLong("bytes") / 1e9));
        }
        return sb.toString();
    }

    private static long single(ClickHouse ch, String sql) {
        return ch.query(sql, Map.of()).single().getLong("v");
    }
}
