package cn.haikou.mediation.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    /**
     * Feed frames go out five times a second, so a p99 over 30 s rests on the worst three frames; one
     * stall of the two shared cores moved it by 300 ms between otherwise equal runs.
     */
    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "15",
            description = "seconds of posting before measuring, so that the server's JIT has compiled the path (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    /** The wall's own subscription set is {@code live.pulse} (KPIs, feed and trend in one frame) and the slower panels. */
    @Option(names = "--addresses", defaultValue = "live.pulse,live.heartbeat",
            description = "addresses each screen subscribes to, live.pulse or live.feed among them; 'wall' = those the wall subscribes to"
                    + " (default ${DEFAULT-VALUE})")
    String addresses;

    @Option(names = "--jar", defaultValue = "backend/target/mediation-server.jar", description = "the server jar")
    Path jar;

    @Option(names = "--server-heap", defaultValue = "1g", description = "server -Xmx (default ${DEFAULT-VALUE})")
    String serverHeap;

    @Option(names = "--server-java-options", defaultValue = "",
            description = "extra JVM options of the server, e.g. -XX:StartFlightRecording=filename=server.jfr to profile it")
    String serverJavaOptions;

    @Option(names = "--server-config", description = "a configuration file for the server (its CONFIG_FILE), to try other settings")
    Path serverConfig;

    /**
     * In place of the product, the bare bridge of measured-ceilings.md ({@link BareBridgeServer}):
     * the same screens, the same machine, the same hour, no product logic and no events posted.
     */
    @Option(names = "--bare", description = "measure the bare bridge baseline instead of the product (no events posted)")
    boolean bare;

    @Option(names = "--bare-bytes", defaultValue = "2048", description = "the bare bridge's message size (default ${DEFAULT-VALUE})")
    int bareBytes;

    @Option(names = "--bare-interval-ms", defaultValue = "250", description = "the bare bridge's publish interval (default ${DEFAULT-VALUE})")
    int bareIntervalMs;

    /**
     * The bare baseline written the other way (see {@code BareBridgeServer.RoundRobinVerticle}):
     * each screen in turn, at this many writes a second in all, instead of all screens every interval.
     */
    @Option(names = "--bare-round-robin", defaultValue = "0",
            description = "with --bare: write screens in turn at this many writes/s in all, each write timed from the screen's previous one")
    int bareRoundRobin;

    /**
     * Every screen reads every byte, but only one in this many decodes its frames to time them: the
     * screens share the server's two cores, and decoding every frame of 10,000 screens was CPU the
     * server then lacked (on a real wall each screen has a machine of its own). The sampled screens
     * are spread over the client's event loops, so their delays include the others' reading.
     */
    @Option(names = "--decode-every", defaultValue = "10", description = "one screen in this many times its frames (default ${DEFAULT-VALUE})")
    int decodeEvery;

    /**
     * From POST to the screen's count of today's cases (受理量) including the event: per pulse, for
     * the oldest event it newly counts. Every event is counted; the feed shows only the newest ten
     * of each update, so timing the feed alone measured the newest events and missed those that
     * waited longest.
     */
    private final PerThreadPercentiles delays = new PerThreadPercentiles();
    /** From POST to receipt for the events shown in the feed (the newest of each update). */
    private final PerThreadPercentiles newestDelays = new PerThreadPercentiles();
    /**
     * When each request was sent (0: not yet), by its number over the whole run (warm-up included);
     * its events are numbered in order. Written by the poster, read by the screens' event loops.
     */
    private java.util.concurrent.atomic.AtomicLongArray requestSentAt;
    private int perRequest;
    /** The poster's own count of requests sent; only its thread uses it. */
    private int requestsSent;
    /** From the server's publish ({@code generatedAt}) to receipt: the delivery part of the delay. */
    private final PerThreadPercentiles deliveries = new PerThreadPercentiles();
    /** From POST to the server's publish: the server-side part. */
    private final PerThreadPercentiles serverParts = new PerThreadPercentiles();
    private final AtomicLong eventsSeen = new AtomicLong();
    private final LongAdder bytesReceived = new LongAdder();
    /** Frames the screens received: frames per second per screen, more than bytes, set the ceiling. */
    private final LongAdder framesReceived = new LongAdder();
    /** Messages the decoding screens received (a message may take several frames). */
    private final LongAdder messagesDecoded = new LongAdder();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("bench-fanout");
        perRequest = Math.max(1, rate / 10);
        requestSentAt = new java.util.concurrent.atomic.AtomicLongArray((warmupSeconds + seconds) * 10 + 1);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + serverHeap));
        if (!serverJavaOptions.isBlank()) {
            command.addAll(List.of(serverJavaOptions.trim().split("\\s+")));
        }
        if (bare) {
            String self = Path.of(FanoutBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            command.addAll(List.of("-cp", self, BareBridgeServer.class.getName(), Integer.toString(port),
                    Integer.toString(bareBytes), Integer.toString(bareIntervalMs), Integer.toString(bareRoundRobin)));
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("DATA_DIR", data.toString());
        pb.environment().put("SIMULATOR", "off");
        pb.environment().put("INGEST_API_KEYS", "bench:" + KEY);
        pb.environment().put("LOG_LEVEL", System.getenv().getOrDefault("SERVER_LOG_LEVEL", "WARN"));
        if (serverConfig != null) {
            pb.environment().put("CONFIG_FILE", serverConfig.toAbsolutePath().toString());
        }
        // the server's own log, to read afterwards when screens closed or updates went missing
        Path serverLog = data.resolve("server.log");
        pb.redirectOutput(serverLog.toFile());
        Process server = pb.start();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            awaitReady(port);
            List<String> subscribe = bare ? List.of(BareBridgeServer.ADDRESS) : "wall".equals(addresses)
                    ? List.of("live.pulse", "live.types", "live.regions", "live.channels", "live.hotspots",
                            "live.workload", "live.overdue", "live.mass", "live.warnings", "live.heartbeat")
                    : List.of(addresses.split(","));
            List<WebSocket> sockets = connect(vertx, port, subscribe);
            System.out.printf("%d screens connected, subscribed to %s%n", sockets.size(), subscribe);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            post(http, port, warmupSeconds);
            long decoding = (sockets.size() + decodeEvery - 1) / decodeEvery;
            double cpuBefore = Machine.cpuSeconds(server.pid());
            double clientCpuBefore = Machine.cpuSeconds(ProcessHandle.current().pid());
            long wallBefore = System.nanoTime();
            eventsSeen.set(0);
            bytesReceived.reset();
            framesReceived.reset();
            messagesDecoded.reset();
            measureFrom = System.currentTimeMillis();
            long posted = post(http, port, seconds);
            measureTo = System.currentTimeMillis();
            double kbPerScreen = bytesReceived.sum() / 1024.0 / sockets.size() / ((measureTo - measureFrom) / 1000.0);
            double framesPerScreen = framesReceived.sum() / (double) sockets.size() / ((measureTo - measureFrom) / 1000.0);
            double messagesPerScreen = messagesDecoded.sum() / (double) decoding / ((measureTo - measureFrom) / 1000.0);
            long peakRss = Machine.rssMb(server.pid());
            double elapsed = (System.nanoTime() - wallBefore) / 1e9;
            double cpu = (Machine.cpuSeconds(server.pid()) - cpuBefore) / elapsed;
            double clientCpu = (Machine.cpuSeconds(ProcessHandle.current().pid()) - clientCpuBefore) / elapsed;
            Thread.sleep(3000);                         // let the last updates arrive
            String serverSide = serverCounters(http, port);
            long open = sockets.stream().filter(ws -> !ws.isClosed()).count();
            Percentiles all = delays.merged();
            if (!bare && all.count() == 0) {
                throw new IllegalStateException("no count of today's cases recognised: subscribe to live.pulse, or has its layout changed?");
            }
            double seen = bare ? 1 : (double) eventsSeen.get() / ((long) posted * decoding);
            if (!bare && eventsSeen.get() == 0) {
                throw new IllegalStateException("no feed update recognised: has the frame layout (LivePublisher.frame) changed?");
            }

            System.out.println();
            System.out.println("Machine: " + Machine.describe());
            System.out.println();
            if (bare) {
                Percentiles delivery = deliveries.merged();
                System.out.println("| screens | bare bridge | publish-to-screen p50 | p99 | timed | KB/s per screen | server RSS | server CPU |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                System.out.printf("| %d | %s | %.0f ms | %.0f ms | %d | %.1f | %d MB | %.0f%% |%n", sockets.size(),
                        bareRoundRobin > 0 ? bareBytes + " B in turn, " + bareRoundRobin + " writes/s (delay since the screen's previous write)"
                                : bareBytes + " B every " + bareIntervalMs + " ms", delivery.at(0.5), delivery.at(0.99), delivery.count(), kbPerScreen, peakRss, cpu * 100);
                System.out.println(openAtTheEnd(open, sockets.size()));
                System.out.printf("per screen and second: %.1f messages in %.1f websocket frames%n", messagesPerScreen, framesPerScreen);
                System.out.printf("this process (screens): CPU %.0f%%%n", clientCpu * 100);
                sockets.forEach(WebSocket::close);
                return 0;
            }
            System.out.println("| screens | events/s posted | delivered | POST-to-screen p50 | p99 | KB/s per screen | server RSS | server CPU |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf("| %d | %d | %.1f%% | %.0f ms | %.0f ms | %.1f | %d MB | %.0f%% |%n", sockets.size(), rate, seen * 100,
                    all.at(0.5), all.at(0.99), kbPerScreen, peakRss, cpu * 100);
            System.out.println();
            Percentiles delivery = deliveries.merged();
            Percentiles serverPart = serverParts.merged();
            System.out.printf("POST-to-screen is per pulse, for the oldest event it newly counts in today's cases (%d pulses timed);"
                    + " of which POST-to-publish (to the pulse's generatedAt): p50 %.0f ms, p99 %.0f ms;"
                    + " publish-to-screen: p50 %.0f ms, p99 %.0f ms%n", all.count(), serverPart.at(0.5), serverPart.at(0.99), delivery.at(0.5), delivery.at(0.99));
            Percentiles newest = newestDelays.merged();
            System.out.printf("the newest events, those shown in the feed (the 'delivered' share): POST-to-screen p50 %.0f ms, p99 %.0f ms%n",
                    newest.at(0.5), newest.at(0.99));
            System.out.println(openAtTheEnd(open, sockets.size()));
            System.out.printf("per screen and second: %.1f messages in %.1f websocket frames%n", messagesPerScreen, framesPerScreen);
            // the screens and the poster share the server's cores: what they took is what the server could not have
            System.out.printf("this process (screens and poster): CPU %.0f%%%n", clientCpu * 100);
            System.out.println("server: " + serverSide);
            System.out.println("server log: " + serverLog);
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
        if (bare) {
            Thread.sleep(secondsToRun * 1000L);
            return 0;
        }
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
            requestSentAt.set(requestsSent++, sent);
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
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22).setMaxConnections(clients + 10)
                .setTryUsePerMessageCompression(false).setTryUsePerFrameCompression(false));
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i += 200) {
            List<io.vertx.core.Future<WebSocket>> wave = new ArrayList<>();
            for (int j = i; j < Math.min(clients, i + 200); j++) {
                boolean decode = j % decodeEvery == 0;
                wave.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/eventbus/websocket?token=" + TOKEN)).onSuccess(ws -> {
                            ws.frameHandler(frame -> {
                                if (frame.isClose()) {
                                    closeFrames.increment();
                                } else {
                                    bytesReceived.add(frame.binaryData().length());
                                    framesReceived.increment();
                                }
                            });
                            if (decode) {
                                // whole messages: the server splits one longer than its frame size
                                // (live.maxFrameBytes) into continuation frames, and the oldest event may be in any
                                long[] counted = {-1};    // this screen's count of today's cases so far
                                ws.binaryMessageHandler(message -> onMessage(message, counted));
                            }
                            ws.closeHandler(v -> onClose(ws));
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

    /** Kept: Vert.x closes an unreachable client's websockets when the GC collects it. */
    private WebSocketClient client;
    private final LongAdder closedEarly = new LongAdder();
    /** Close frames from the server (which also echoes a screen's own). */
    private final LongAdder closeFrames = new LongAdder();
    private volatile String firstClose;

    private String openAtTheEnd(long open, int screens) {
        return "screens still open at the end: " + open + " of " + screens
                + (firstClose == null ? "" : "; " + closedEarly.sum() + " closed before the end, the first at " + firstClose);
    }

    /** A screen the server (or the network) closed before the end: said in the report, with why. */
    private void onClose(WebSocket ws) {
        if (measureTo == Long.MAX_VALUE || System.currentTimeMillis() < measureTo) {
            closedEarly.increment();
            if (firstClose == null) {
                firstClose = Instant.now() + " status " + ws.closeStatusCode() + " " + ws.closeReason()
                        + "; close frames the server had sent by then: " + closeFrames.sum()
                        + (measureFrom == Long.MAX_VALUE ? " (warm-up)" : " (" + (System.currentTimeMillis() - measureFrom) / 1000 + " s into the measured part)");
            }
        }
    }

    /**
     * Reads a message the way the product's frames are laid out ({@code LivePublisher.frame}) instead
     * of parsing it: at 10,000 screens in this process, parsing every feed frame took a core of the
     * two that the server needs, and the delays measured were this process's backlog.
     */
    private void onMessage(io.vertx.core.buffer.Buffer data, long[] counted) {
        messagesDecoded.increment();
        if (bare) {
            if (startsWith(data, BARE_PREFIX_BYTES)) {
                onBareFrame(data.toString(StandardCharsets.UTF_8));
            }
            return;
        }
        if (startsWith(data, PULSE_PREFIX_BYTES)) {
            String frame = data.toString(StandardCharsets.UTF_8);
            onCount(frame, counted);
            onFeedUpdate(frame);
        } else if (startsWith(data, FEED_PREFIX_BYTES)) {
            onFeedUpdate(data.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Today's received count in a pulse: the events newly counted are the next ones in posting order
     * (the server may count two requests in flight together out of order, 100 ms apart at most).
     */
    private void onCount(String frame, long[] counted) {
        int at = frame.indexOf(RECEIVED_TODAY);
        if (at < 0) {
            return;
        }
        at += RECEIVED_TODAY.length();
        int end = at;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        long count = Long.parseLong(frame, at, end, 10);
        long before = counted[0];
        counted[0] = Math.max(before, count);
        int request = (int) (before / perRequest);   // the request of the oldest event newly counted
        if (before < 0 || count <= before || request >= requestSentAt.length()) {
            return;
        }
        long sent = requestSentAt.get(request);
        if (sent == 0 || sent < measureFrom || sent >= measureTo) {
            return;
        }
        long now = System.currentTimeMillis();
        delays.add(now - sent);
        int g = frame.indexOf(GENERATED_AT);
        if (g > 0) {
            g += GENERATED_AT.length();
            long generated = Instant.parse(frame.substring(g, frame.indexOf('"', g))).toEpochMilli();
            deliveries.add(now - generated);
            serverParts.add(generated - sent);
        }
    }

    private static boolean startsWith(io.vertx.core.buffer.Buffer data, byte[] prefix) {
        if (data.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void onFeedUpdate(String frame) {
        if (frame.indexOf(NOT_SNAPSHOT, FEED_PREFIX_BYTES.length) < 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long oldest = Long.MAX_VALUE;
        int at = 0;
        while ((at = frame.indexOf(EVENT_ID, at)) >= 0) {
            at += EVENT_ID.length();
            int end = frame.indexOf('-', at);
            long sent = Long.parseLong(frame, at, end, 10);
            if (sent >= measureFrom && sent < measureTo) {
                eventsSeen.incrementAndGet();
                oldest = Math.min(oldest, sent);
            }
        }
        if (oldest != Long.MAX_VALUE) {
            newestDelays.add(now - oldest);
        }
    }

    /** The bare bridge's body is JSON text inside the frame: its quotes are escaped. */
    private void onBareFrame(String frame) {
        int g = frame.indexOf(BARE_GENERATED_AT);
        if (g > 0 && System.currentTimeMillis() >= measureFrom && System.currentTimeMillis() < measureTo) {
            g += BARE_GENERATED_AT.length();
            deliveries.add(System.currentTimeMillis() - Instant.parse(frame.substring(g, frame.indexOf('\\', g))).toEpochMilli());
        }
    }

    private static final byte[] BARE_PREFIX_BYTES = ("{\"type\":\"rec\",\"address\":\"" + BareBridgeServer.ADDRESS + "\"")
            .getBytes(StandardCharsets.UTF_8);
    private static final String BARE_GENERATED_AT = "generatedAt\\\":\\\"";
    private static final byte[] FEED_PREFIX_BYTES = framePrefix("live.feed");
    private static final byte[] PULSE_PREFIX_BYTES = framePrefix("live.pulse");
    private static final String NOT_SNAPSHOT = "\"snapshot\":false";
    private static final String RECEIVED_TODAY = "\"received\":{\"today\":";
    private static final String GENERATED_AT = "\"generatedAt\":\"";
    private static final String EVENT_ID = "\"eventId\":\"fan-";

    private static byte[] framePrefix(String address) {
        return ("{\"type\":\"rec\",\"address\":\"" + address + "\",\"body\":{\"seq\":").getBytes(StandardCharsets.UTF_8);
    }

    /** The server's own count of frames published and of updates skipped for lagging sockets, and its ack and insert times. */
    private static String serverCounters(HttpClient http, int port) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            StringBuilder out = new StringBuilder();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("live_messages_") || line.startsWith("live_sockets") || line.startsWith("ingest_insert_seconds_") || line.startsWith("ingest_ack_seconds_")) {
                    out.append(line.replaceAll("\\{[^}]*}", "")).append("; ");
                }
            }
            return out.toString();
        } catch (Exception e) {
            return "metrics unavailable: " + e.getMessage();
        }
    }

    /** The product's /health, or for the bare bridge its SockJS info. */
    private void awaitReady(int port) throws Exception {
        String path = bare ? "/eventbus/info" : "/health";
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not become ready");
    }

}
