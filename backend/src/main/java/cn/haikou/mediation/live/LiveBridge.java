package cn.haikou.mediation.live;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.security.AccessTokens;
import cn.haikou.mediation.security.Principal;
import cn.haikou.mediation.security.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.core.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: screens subscribe to the {@link LiveAddresses}
 * and nothing else; nothing may be sent in. A screen presents a display (or higher) token as
 * {@code ?token=}; revoking the token closes its sockets.
 *
 * <p>On each subscription the screen first receives the address's latest snapshot, then updates.
 * A socket whose write queue is full gets no further updates (they would pile up in the heap);
 * once it drains it is resynchronised with fresh snapshots, and one that stays stalled is closed.
 */
public final class LiveBridge implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
    /** A socket that has not drained for this long is closed: its screen reconnects and resyncs. */
    static final long STALLED_CLOSE_MS = 30_000;

    private final AccessTokens tokens;
    private final Supplier<LivePublisher> publisher;
    private final AppConfig.Live settings;
    private final Map<SockJSSocket, Client> clients = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter refused;

    /** What the bridge knows about one connected screen. */
    private static final class Client {
        final Principal principal;
        final Context context;
        final Set<String> addresses = ConcurrentHashMap.newKeySet();
        volatile long laggingSince;

        Client(Principal principal, Context context) {
            this.principal = principal;
            this.context = context;
        }
    }

    public LiveBridge(AccessTokens tokens, Supplier<LivePublisher> publisher, AppConfig.Live settings, MeterRegistry registry) {
        this.tokens = tokens;
        this.publisher = publisher;
        this.settings = settings;
        this.dropped = Counter.builder("live.messages.dropped").description("updates not sent to lagging sockets").register(registry);
        this.refused = Counter.builder("live.bridge.refused").description("frames and subscriptions refused").register(registry);
        Gauge.builder("live.sockets", clients, Map::size).register(registry);
        tokens.onRevoked(this::closeSocketsOf);
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        SockJSBridgeOptions options = new SockJSBridgeOptions()
                .setPingTimeout(20_000)
                .setMaxAddressLength(32)
                .setMaxHandlersPerSocket(LiveAddresses.ALL.size());
        for (String address : LiveAddresses.ALL) {
            options.addOutboundPermitted(new PermittedOptions().setAddress(address));
        }
        SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false));
        router.route("/eventbus/*").handler(this::admit);
        router.route("/eventbus/*").subRouter(sockJs.bridge(options, this::onBridgeEvent));
        vertx.setPeriodic(5_000, id -> closeStalled());
    }

    /** Every SockJS request (info, transports, raw websocket) needs a live token; oversize sends are refused. */
    private void admit(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        if (tokens.authenticate(token).filter(p -> p.role().atLeast(Role.DISPLAY)).isEmpty()) {
            refused.increment();
            Problem.field(401, "invalid_token", "token", "a screen needs ?token= with a valid display token").send(ctx);
            return;
        }
        if (ctx.request().method() == HttpMethod.POST && ctx.request().path().endsWith("_send")) {
            String length = ctx.request().getHeader("Content-Length");
            if (length == null || Long.parseLong(length) > settings.maxFrameBytes()) {
                refused.increment();
                Problem.of(413, "frame_too_large", "a screen sends only small subscription frames").send(ctx);
                return;
            }
        }
        ctx.next();
    }

    private void onBridgeEvent(BridgeEvent event) {
        SockJSSocket socket = event.socket();
        BridgeEventType type = event.type();
        switch (type) {
            case SOCKET_CREATED -> {
                Principal principal = tokens.authenticate(tokenOf(socket)).orElse(null);
                if (principal == null) {
                    event.complete(false);
                    return;
                }
                socket.setWriteQueueMaxSize(settings.maxSocketQueueBytes());
                clients.put(socket, new Client(principal, Vertx.currentContext()));
                event.complete(true);
            }
            case SOCKET_CLOSED -> {
                clients.remove(socket);
                event.complete(true);
            }
            case REGISTER -> event.complete(LiveAddresses.ALL.contains(address(event)) && clients.containsKey(socket));
            case REGISTERED -> {
                Client client = clients.get(socket);
                if (client != null) {
                    client.addresses.add(address(event));
                    sendSnapshot(socket, address(event));
                }
                event.complete(true);
            }
            case UNREGISTER -> {
                Client client = clients.get(socket);
                if (client != null) {
                    client.addresses.remove(address(event));
                }
                event.complete(true);
            }
            case RECEIVE -> event.complete(deliverable(socket));
            case SEND, PUBLISH -> {
                // Browsers may not write to the bus (the permissions say so too; this is a second lock).
                refused.increment();
                event.complete(false);
            }
            default -> event.complete(true);
        }
    }

    /** False when the socket cannot take more; it is resynchronised once it drains. */
    private boolean deliverable(SockJSSocket socket) {
        if (!socket.writeQueueFull()) {
            return true;
        }
        dropped.increment();
        Client client = clients.get(socket);
        if (client != null && client.laggingSince == 0) {
            client.laggingSince = System.currentTimeMillis();
            socket.drainHandler(v -> {
                client.laggingSince = 0;
                client.addresses.forEach(a -> sendSnapshot(socket, a));
            });
        }
        return false;
    }

    private void sendSnapshot(SockJSSocket socket, String address) {
        String snapshot = publisher.get().snapshot(address);
        if (snapshot != null) {
            socket.write(Buffer.buffer(new JsonObject().put("type", "rec").put("address", address).put("body", snapshot).encode()));
        }
    }

    private void closeStalled() {
        long now = System.currentTimeMillis();
        clients.forEach((socket, client) -> {
            if (client.laggingSince != 0 && now - client.laggingSince > STALLED_CLOSE_MS) {
                LOG.info("closing a screen of '{}' stalled for {} s", client.principal.name(), (now - client.laggingSince) / 1000);
                client.context.runOnContext(v -> socket.close());
            }
        });
    }

    private void closeSocketsOf(Principal revoked) {
        clients.forEach((socket, client) -> {
            if (client.principal.name().equals(revoked.name())) {
                client.context.runOnContext(v -> socket.close(4401, "token revoked"));
            }
        });
    }

    /** Open screens, by token name (for operations). */
    public Map<String, Long> screensByToken() {
        Map<String, Long> out = new java.util.TreeMap<>();
        clients.values().forEach(c -> out.merge(c.principal.name(), 1L, Long::sum));
        return out;
    }

    private static String address(BridgeEvent event) {
        JsonObject raw = event.getRawMessage();
        return raw == null ? "" : raw.getString("address", "");
    }

    private static String tokenOf(SockJSSocket socket) {
        List<String> values = new QueryStringDecoder(socket.uri()).parameters().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
