package cn.haikou.mediation.testing;

import cn.haikou.mediation.live.JsonChanges;
import cn.haikou.mediation.live.LiveAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real websocket client speaking the Vert.x event-bus bridge framing on the raw endpoint
 * {@code /eventbus/websocket}: register, ping, and collect every message received per address.
 */
public final class BridgeClient implements AutoCloseable {

    private final Vertx vertx;
    /** Held for the socket's life: an unreferenced client is closed by Vert.x once collected. */
    private final WebSocketClient client;
    private final WebSocket socket;
    /** Messages per address as a screen holds them (updates merged, see {@link #asHeld}), and as sent. */
    private final Map<String, List<JsonObject>> received = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> sent = new ConcurrentHashMap<>();
    /** The state held of each changes-only panel (see {@link #hold}). */
    private final Map<String, JsonObject> held = new ConcurrentHashMap<>();
    private final List<JsonObject> errors = new ArrayList<>();
    private final long pinger;
    private volatile boolean closed;

    private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
        // Whole messages: a large panel arrives as several websocket frames.
        socket.binaryMessageHandler(buffer -> onFrame(new JsonObject(buffer.toString())));
        socket.textMessageHandler(text -> onFrame(new JsonObject(text)));
        socket.closeHandler(v -> {
            closed = true;
            synchronized (received) {
                received.notifyAll();
            }
        });
        this.pinger = vertx.setPeriodic(5_000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
    }

    /** Connects with {@code token}; fails (with the HTTP status in the message) if the server refuses. */
    public static BridgeClient connect(Vertx vertx, int port, String token) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/eventbus/websocket" + (token == null ? "" : "?token=" + token));
        WebSocket ws = client.connect(options).await(10, TimeUnit.SECONDS);
        return new BridgeClient(vertx, client, ws);
    }

    public BridgeClient register(String... addresses) {
        for (String address : addresses) {
            send(new JsonObject().put("type", "register").put("address", address));
        }
        return this;
    }

    public void send(JsonObject frame) {
        socket.writeTextMessage(frame.encode());
    }

    public WebSocket socket() {
        return socket;
    }

    private void onFrame(JsonObject frame) {
        synchronized (received) {
            if ("err".equals(frame.getString("type"))) {
                errors.add(frame);
            } else if ("rec".equals(frame.getString("type"))) {
                Object body = frame.getValue("body");
                JsonObject message = body instanceof String text ? new JsonObject(text) : (JsonObject) body;
                String address = frame.getString("address");
                sent.computeIfAbsent(address, a -> new ArrayList<>()).add(message);
                received.computeIfAbsent(address, a -> new ArrayList<>()).add(asHeld(address, message));
            }
            received.notifyAll();
        }
    }

    /**
     * The message with the whole state a screen holds after it: updates of the
     * {@link LiveAddresses#CHANGES_ONLY} addresses, alone or as parts of {@code live.pulse}, merged
     * into what was held.
     */
    private JsonObject asHeld(String address, JsonObject message) {
        boolean snapshot = message.getBoolean("snapshot");
        JsonObject data = message.getJsonObject("data");
        if (LiveAddresses.CHANGES_ONLY.contains(address)) {
            return message.copy().put("data", hold(address, data, snapshot));
        }
        if (address.equals(LiveAddresses.PULSE)) {
            JsonObject parts = data.copy();
            for (String part : data.fieldNames()) {
                String panel = "live." + part;
                if (LiveAddresses.CHANGES_ONLY.contains(panel)) {
                    parts.put(part, hold(address + "/" + panel, data.getJsonObject(part), snapshot));
                }
            }
            return message.copy().put("data", parts);
        }
        return message;
    }

    /** {@code key}: the address, or for a pulse part the pulse and the part's address. */
    private JsonObject hold(String key, JsonObject data, boolean snapshot) {
        JsonObject state = snapshot || !held.containsKey(key) ? data : JsonChanges.apply(held.get(key), data);
        held.put(key, state);
        return state;
    }

    /** Today's received count in a {@code live.kpi} message (envelope: seq, snapshot, data). */
    public static long receivedToday(JsonObject kpiMessage) {
        return kpiMessage.getJsonObject("data").getJsonObject("received").getLong("today");
    }

    /** Messages received on {@code address} so far (its snapshot included). */
    public int count(String address) {
        synchronized (received) {
            return received.getOrDefault(address, List.of()).size();
        }
    }

    /** Waits for a message on {@code address} (already received or future) that matches. */
    public JsonObject await(String address, Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<JsonObject> messages = received.getOrDefault(address, List.of());
                for (int i = messages.size() - 1; i >= 0; i--) {
                    if (match.test(messages.get(i))) {
                        return messages.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("no matching message on " + address + " (closed=" + closed + "); got " + messages);
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for an error frame from the bridge. */
    public JsonObject awaitError(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (errors.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no error frame");
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return errors.remove(0);
        }
    }

    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }

    /** The newest message received on {@code address}, or null. */
    public JsonObject latest(String address) {
        synchronized (received) {
            List<JsonObject> messages = received.get(address);
            return messages == null || messages.isEmpty() ? null : messages.get(messages.size() - 1);
        }
    }

    /** Messages received on {@code address} exactly as the server sent them (KPI updates unmerged). */
    public List<JsonObject> allAsSent(String address) {
        synchronized (received) {
            return new ArrayList<>(sent.getOrDefault(address, List.of()));
        }
    }

    public List<JsonObject> all(String address) {
        synchronized (received) {
            return new ArrayList<>(received.getOrDefault(address, List.of()));
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        if (!closed) {
            socket.close();
        }
        client.close();
    }
}
