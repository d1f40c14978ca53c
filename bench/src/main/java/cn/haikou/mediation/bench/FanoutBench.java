package cn.haikou.mediation.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out: a real server process (the product's jar), N websocket screens in this process speaking
 * the bridge framing on /eventbus/websocket, and a poster sending events at a fixed rate through
 * the ingest API. Reports the delay from POST to receipt on the screens (per feed message, its
 * oldest event), the share of events each screen saw, and the server's RSS and CPU.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, description = "POST-to-screen delay with N connected screens.")
final class FanoutBench implements Callable<Integer> {

    private static final String TOKEN = "demo-display-token-change-me";
    private static final String KEY = "bench-ingest-key-0123456789";

    @Option(names = "--clients", defaultValue = "1000", description = "screens (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rate", defaultValue = "1000", description = "events per second posted (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "15",
            description = "seconds of posting before measuring, so that the server's JIT has compiled the path (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--addresses", defaultValue = "live.feed,live.kpi,live.heartbeat",
            description = "addresses each screen subscribes to; 'wall' = all of them (default ${DEFAULT-VALUE})")
    String addresses;

    @Option(names = "--jar", defaultValue = "backend/target/mediation-server.jar", description = "the server jar")
    Path jar;

    @Option(names = "--server-heap", defaultValue = "1g", description = "server -Xmx (default ${DEFAULT-VALUE})")
    String serverHeap;

    private final ConcurrentLinkedQueue<Percentiles> delays = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Percentiles> localDelays = ThreadLocal.withInitial(() -> {
        Percentiles p = new Percentiles();
        delays.add(p);
        return p;
    });
    private final AtomicLong eventsSeen = new AtomicLong();
    private final LongAdder bytesReceived = new LongAdder();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("bench-fanout");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx" + serverHeap, "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("DATA_DIR", data.toString());
        pb.environment().put("SIMULATOR", "off");
        pb.environment().put("INGEST_API_KEYS", "bench:" + KEY);
        pb.environment().put("LOG_LEVEL", "WARN");
        Process server = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("server ready") || line.contains("is running")) {
                        ready.countDown();
                    }
                }
            } catch (Exception ignored) {
                // server gone
            }
        });
        out.setDaemon(true);
        out.start();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            awaitHealthy(port);
            List<String> subscribe = "wall".equals(addresses)
                    ? List.of("live.kpi", "live.types", "live.regions", "live.channels", "live.trend", "live.hotspots",
                            "live.workload", "live.feed", "live.overdue", "live.mass", "live.warnings", "live.heartbeat")
                    : List.of(addresses.split(","));
            List<WebSocket> sockets = connect(vertx, port, subscribe);
            System.out.printf("%d screens connected, subscribed to %s%n", sockets.size(), subscribe);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            post(http, port, warmupSeconds);
            long cpuBefore = cpuTicks(server.pid());
            long wallBefore = System.nanoTime();
            eventsSeen.set(0);
            bytesReceived.reset();
            measureFrom = System.currentTimeMillis();
            long posted = post(http, port, seconds);
            measureTo = System.currentTimeMillis();
            double kbPerScreen = bytesReceived.sum() / 1024.0 / sockets.size() / ((measureTo - measureFrom) / 1000.0);
            long peakRss = Machine.rssMb(server.pid());
            double cpu = (cpuTicks(server.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - wallBefore) / 1e9);
            Thread.sleep(3000);                         // let the last updates arrive
            Percentiles all = new Percentiles();
            delays.forEach(all::addAll);
            double seen = (double) eventsSeen.get() / ((long) posted * sockets.size());

            System.out.println();
            System.out.println("Machine: " + Machine.describe());
            System.out.println();
            System.out.println("| screens | events/s posted | delivered | POST-to-screen p50 | p99 | KB/s per screen | server RSS | server CPU |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf("| %d | %d | %.1f%% | %.0f ms | %.0f ms | %.1f | %d MB | %.0f%% |%n", sockets.size(), rate, seen * 100,
                    all.at(0.5), all.at(0.99), kbPerScreen, peakRss, cpu * 100);
            sockets.forEach(WebSocket::close);
        } finally {
            vertx.close().await();
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Posts {@code rate} events per second for {@code seconds}, in 10 requests a second; returns events posted. */
    private long post(HttpClient http, int port, int secondsToRun) throws Exception {
        int perRequest = Math.max(1, rate / 10);
        long n = 0;
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int tick = 0; tick < secondsToRun * 10; tick++) {
            long due = start + tick * 100_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long sent = System.currentTimeMillis();
            StringBuilder body = new StringBuilder();
            Instant at = Instant.ofEpochMilli(sent).minusSeconds(1);
            for (int i = 0; i < perRequest; i++) {
                String id = "fan-" + sent + "-" + (n++);
                body.append(new JsonObject().put("eventId", id).put("caseId", id).put("kind", "received")
                        .put("eventTime", at.toString()).put("receivedAt", at.toString()).put("district", "460106")
                        .put("town", "金贸街道").put("caseType", "labour").put("channel", "phone").encode()).append('\n');
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/batch?detail=problems"))
                    .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            inFlight.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            if (f.get().statusCode() != 200) {
                throw new IllegalStateException("POST answered " + f.get().statusCode() + ": " + f.get().body());
            }
        }
        return n;
    }

    private List<WebSocket> connect(Vertx vertx, int port, List<String> subscribe) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22).setMaxConnections(clients + 10)
                .setTryUsePerMessageCompression(false).setTryUsePerFrameCompression(false));
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i += 200) {
            List<io.vertx.core.Future<WebSocket>> wave = new ArrayList<>();
            for (int j = i; j < Math.min(clients, i + 200); j++) {
                wave.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/eventbus/websocket?token=" + TOKEN)).onSuccess(ws -> {
                            ws.binaryMessageHandler(b -> onMessage(b.toString()));
                            ws.textMessageHandler(this::onMessage);
                            for (String a : subscribe) {
                                ws.writeTextMessage(new JsonObject().put("type", "register").put("address", a).encode());
                            }
                            vertx.setPeriodic(5000, id -> {
                                if (!ws.isClosed()) {
                                    ws.writeTextMessage("{\"type\":\"ping\"}");
                                }
                            });
                        }));
            }
            for (io.vertx.core.Future<WebSocket> f : wave) {
                sockets.add(f.await(60, TimeUnit.SECONDS));
            }
        }
        return sockets;
    }

    private void onMessage(String frame) {
        bytesReceived.add(frame.length());
        // The benchmark shares the cores with the server: only feed frames are worth parsing.
        if (!frame.contains("\"address\":\"live.feed\"")) {
            return;
        }
        JsonObject envelope = new JsonObject(frame);
        if (!"live.feed".equals(envelope.getString("address"))) {
            return;
        }
        JsonObject message = new JsonObject(envelope.getString("body"));
        if (message.getBoolean("snapshot")) {
            return;
        }
        long now = System.currentTimeMillis();
        JsonArray events = message.getJsonObject("data").getJsonArray("events");
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < events.size(); i++) {
            String id = events.getJsonObject(i).getString("eventId");
            if (id.startsWith("fan-")) {
                long sent = Long.parseLong(id.substring(4, id.indexOf('-', 4)));
                if (sent >= measureFrom && sent < measureTo) {
                    eventsSeen.incrementAndGet();
                    oldest = Math.min(oldest, sent);
                }
            }
        }
        if (oldest != Long.MAX_VALUE) {
            localDelays.get().add(now - oldest);
        }
    }

    private static void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not become healthy");
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}
