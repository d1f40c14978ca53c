package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A screen that stops reading (a hung browser, a dead network path) must not make the server
 * queue its updates: the updates are skipped, a screen that drains again gets fresh snapshots, and
 * one that stays stalled is disconnected. The stall is real: the client stops reading its socket
 * (with a small receive buffer), so TCP pushes back on the server.
 */
@DisplayName("A slow or stalled screen")
class LiveSlowScreenTest {

    @TempDir
    Path data;
    TestServer server;
    Vertx clientVertx;
    /** Kept: Vert.x closes an unreachable client's websockets when the GC collects it, mid-test. */
    private final List<WebSocketClient> clients = new ArrayList<>();
    /** Keeps the server publishing (one stored event per POST, every POST a feed and KPI update). */
    CompletableFuture<Void> posting;
    final AtomicBoolean keepPosting = new AtomicBoolean(true);

    /** Small kernel buffers, so that a stalled reader is found within seconds; {@code live} sets the bounds. */
    void start(int maxSocketQueueBytes, long maxUnsentBytesTotal) {
        server = TestServer.start(data, o -> {
            o.with("http").put("socketSendBufferBytes", 16384);
            o.with("live").put("refreshMs", 50).put("panelRefreshMs", 50).put("maxSocketQueueBytes", maxSocketQueueBytes)
                    .put("maxUnsentBytesTotal", maxUnsentBytesTotal).put("stalledCloseMs", 3000);
        });
        clientVertx = Vertx.vertx();
        posting = CompletableFuture.runAsync(() -> {
            for (int i = 0; keepPosting.get(); i++) {
                JsonObject event = TestEvents.received("slow-" + i, "slow-case-" + i)
                        .put("summary", "工资纠纷 ".repeat(40));
                Http.postEvent(server.url(), TestServer.INGEST_KEY, event);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (server == null) {
            return;
        }
        keepPosting.set(false);
        posting.get(30, TimeUnit.SECONDS);
        clientVertx.close().await();
        server.close();
    }

    @Test
    @DisplayName("gets no updates while it lags, fresh snapshots once it drains, and is closed if it stays stalled")
    void laggingScreen() throws Exception {
        start(2048, 64L << 20);
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        AtomicBoolean closed = new AtomicBoolean();
        WebSocket ws = screen(frames, closed);

        // Stop reading: once TCP and the 2 KB write queue are full, the server skips this screen.
        ws.pause();
        double droppedBefore = dropped();
        await("updates skipped for the lagging screen", () -> dropped() > droppedBefore + 20);

        // Reading again: the backlog drains and the screen is resynchronised with snapshots.
        frames.clear();
        ws.resume();
        await("fresh snapshots after the drain", () -> frames.stream()
                .filter(f -> body(f).getBoolean("snapshot")).map(f -> f.getString("address")).distinct().count() == LiveAddresses.ALL.size());
        assertThat(closed).as("a screen that recovers stays connected").isFalse();

        // Stalled for longer than stalledCloseMs: the server closes it (it cannot even read the close
        // frame; the connection is dropped once the close times out) ...
        ws.pause();
        await("the server closing the stalled screen", () -> gauge("live_sockets") == 0, Duration.ofSeconds(40));
        // ... and the screen, reading again, finds itself disconnected (its page then reconnects).
        ws.resume();
        await("the screen seeing the close", closed::get);
    }

    @Test
    @DisplayName("many slow screens together are bounded too: past the total, only screens with nothing unsent get updates")
    void totalBound() throws Exception {
        // each screen may hold 1 MB unsent, all of them together only 8 KB
        start(1 << 20, 8192);
        List<WebSocket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WebSocket ws = screen(new ConcurrentLinkedQueue<>(), new AtomicBoolean());
            stalled.add(ws);
        }
        ConcurrentLinkedQueue<JsonObject> healthyFrames = new ConcurrentLinkedQueue<>();
        screen(healthyFrames, new AtomicBoolean());
        double droppedBefore = dropped();
        stalled.forEach(WebSocket::pause);
        // far below their own 1 MB, the stalled screens are skipped once the total is reached ...
        await("updates skipped for the stalled screens", () -> dropped() > droppedBefore + 20);
        assertThat(gauge("live_unsent_bytes")).as("unsent bytes of all screens").isLessThan(8192 + 4 * 65536);
        // ... while the screen that reads keeps getting them
        healthyFrames.clear();
        await("updates still reaching the healthy screen", () -> healthyFrames.stream().filter(f -> !body(f).getBoolean("snapshot")).count() > 20);
        stalled.forEach(WebSocket::resume);
    }

    /** A raw websocket screen subscribed to every panel (refreshed every 50 ms: a paused reader fills TCP within seconds). */
    private WebSocket screen(ConcurrentLinkedQueue<JsonObject> frames, AtomicBoolean closed) throws Exception {
        WebSocketClient client = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setReceiveBufferSize(2048).setMaxMessageSize(1 << 22));
        clients.add(client);
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI("/eventbus/websocket?token=" + TestServer.DISPLAY_TOKEN)).await(10, TimeUnit.SECONDS);
        ws.binaryMessageHandler(b -> frames.add(new JsonObject(b.toString())));
        ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
        ws.closeHandler(v -> closed.set(true));
        for (String address : LiveAddresses.ALL) {
            ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
        }
        await("updates flowing", () -> frames.stream().anyMatch(f -> !body(f).getBoolean("snapshot")));
        return ws;
    }

    private static JsonObject body(JsonObject frame) {
        Object body = frame.getValue("body");
        return body instanceof String s ? new JsonObject(s) : (JsonObject) body;
    }

    private double dropped() {
        return gauge("live_messages_dropped_total");
    }

    private double gauge(String name) {
        return Http.get(server.url() + "/metrics", null).body().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, Duration.ofSeconds(30));
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
