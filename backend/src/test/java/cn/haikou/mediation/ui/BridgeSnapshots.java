package cn.haikou.mediation.ui;

import cn.haikou.mediation.live.LiveAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
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
    private final WebSocket socket;
    private final long pinger;
    private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();

    private BridgeSnapshots(Vertx vertx, WebSocket socket) {
        this.vertx = vertx;
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
            latest.put(frame.getString("address"), body instanceof String s ? new JsonObject(s) : (JsonObject) body);
        }
    }

    static BridgeSnapshots connect(Vertx vertx, int port, String token) throws Exception {
        WebSocket ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(1 << 24))
                .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket?token=" + token))
                .await(10, TimeUnit.SECONDS);
        return new BridgeSnapshots(vertx, ws);
    }

    /** The newest message (envelope: seq, snapshot, data) on {@code address}, or null. */
    JsonObject latest(String address) {
        return latest.get(address);
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        socket.close();
    }
}
