package cn.haikou.mediation.ui;

import cn.haikou.mediation.live.JsonChanges;
import cn.haikou.mediation.live.LiveAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The test's own view of what the server publishes: a raw websocket on the bridge, subscribed to
 * every live address, keeping the latest message of each. Whole messages are read (the server
 * splits large ones into several frames), so the feed and overdue snapshots arrive intact.
 */
final class BridgeSnapshots implements AutoCloseable {

    private final Vertx vertx;
    /** Held for the socket's lifetime: Vert.x closes a client that becomes unreachable, and its sockets with it. */
    private final WebSocketClient client;
    private final WebSocket socket;
    private final long pinger;
    private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.LongAdder> counts = new ConcurrentHashMap<>();

    private BridgeSnapshots(Vertx vertx, WebSocketClient client, WebSocket socket) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
        socket.binaryMessageHandler(buffer -> onMessage(buffer.toString()));
        socket.textMessageHandler(this::onMessage);
        this.pinger = vertx.setPeriodic(5_000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
        for (String address : LiveAddresses.ALL) {
            socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
        }
    }

    private void onMessage(String text) {
        JsonObject frame = new JsonObject(text);
        if ("rec".equals(frame.getString("type"))) {
            Object body = frame.getValue("body");
            JsonObject message = body instanceof String s ? new JsonObject(s) : (JsonObject) body;
            String address = frame.getString("address");
            JsonObject previous = latest.get(address);
            if (LiveAddresses.CHANGES_ONLY.contains(address) && previous != null && !message.getBoolean("snapshot")) {
                // such an update carries only the fields that moved: the whole state is the merge
                message = message.copy().put("data", JsonChanges.apply(previous.getJsonObject("data"), message.getJsonObject("data")));
            }
            latest.put(address, message);
            counts.computeIfAbsent(frame.getString("address"), a -> new java.util.concurrent.atomic.LongAdder()).increment();
        }
    }

    static BridgeSnapshots connect(Vertx vertx, int port, String token) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(1 << 24));
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/eventbus/websocket?token=" + token)).await(10, TimeUnit.SECONDS);
        return new BridgeSnapshots(vertx, client, ws);
    }

    /** The newest message (envelope: seq, snapshot, data) on {@code address}, or null. */
    JsonObject latest(String address) {
        return latest.get(address);
    }

    /** How many messages arrived on {@code address} so far. */
    long count(String address) {
        java.util.concurrent.atomic.LongAdder n = counts.get(address);
        return n == null ? 0 : n.sum();
    }

    /** How many messages arrived on all addresses so far. */
    long total() {
        return counts.values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        socket.close();
        client.close();
    }
}
