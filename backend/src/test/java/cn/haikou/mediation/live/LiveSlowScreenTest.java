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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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
    /** Keeps the server publishing (one stored event per POST, every POST a feed and KPI update). */
    CompletableFuture<Void> posting;
    final AtomicBoolean keepPosting = new AtomicBoolean(true);

    @BeforeEach
    void start() {
        server = TestServer.start(data, o -> {
            // small kernel and queue buffers, so that a stalled reader is found within seconds
            o.with("http").put("socketSendBufferBytes", 16384);
            o.with("live").put("refreshMs", 50).put("panelRefreshMs", 50).put("maxSocketQueueBytes", 2048).put("stalledCloseMs", 3000);
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
        keepPosting.set(false);
        posting.get(30, TimeUnit.SECONDS);
        clientVertx.close().await();
        server.close();
    }

    @Test
    @DisplayName("gets no updates while it lags, fresh snapshots once it drains, and is closed if it stays stalled")
    void laggingScreen() throws Exception {
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        WebSocketClient client = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setReceiveBufferSize(2048).setMaxMessageSize(1 << 22));
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI("/eventbus/websocket?token=" + TestServer.DISPLAY_TOKEN)).await(10, TimeUnit.SECONDS);
        ws.binaryMessageHandler(b -> frames.add(new JsonObject(b.toString())));
        ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
        AtomicBoolean closed = new AtomicBoolean();
        ws.closeHandler(v -> closed.set(true));
        // every panel, refreshed every 50 ms: the kernel's socket buffers fill within seconds
        for (String address : LiveAddresses.ALL) {
            ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
        }
        await("updates flowing", () -> frames.stream().anyMatch(f -> !body(f).getBoolean("snapshot")));

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
