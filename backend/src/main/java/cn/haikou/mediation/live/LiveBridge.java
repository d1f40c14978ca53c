package cn.haikou.mediation.live;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.security.AccessTokens;
import cn.haikou.mediation.security.Principal;
import cn.haikou.mediation.security.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: screens subscribe to the {@link LiveAddresses}
 * and nothing else; nothing may be sent in. A screen presents a display (or higher) token as
 * {@code ?token=}; revoking the token closes its sockets.
 *
 * <p>The bridge admits sockets, checks subscriptions against the permitted addresses and refuses
 * every inbound send; {@link Screens} keeps the subscriptions and writes the frames (the bridge's
 * own per-socket consumers never receive anything: nothing is published on the event bus). On
 * each subscription the screen first receives the address's latest snapshot, then updates. A
 * socket whose write queue is full gets no further updates (they would pile up in the heap); once
 * it drains it is resynchronised with fresh snapshots, and one that stays stalled is closed.
 */
public final class LiveBridge implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
    static final String PATH = "/eventbus";

    private final AccessTokens tokens;
    private final Screens screens;
    private final AppConfig.Live settings;
    private final Counter refused;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public LiveBridge(AccessTokens tokens, Screens screens, AppConfig.Live settings, MeterRegistry registry) {
        this.tokens = tokens;
        this.screens = screens;
        this.settings = settings;
        this.refused = Counter.builder("live.bridge.refused").description("frames and subscriptions refused").register(registry);
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
        router.route(PATH + "/*").handler(this::admit);
        router.route(PATH + "/*").subRouter(sockJs.bridge(options, this::onBridgeEvent));
        // A socket that has not drained for stalledCloseMs is closed: its screen reconnects and resyncs.
        // (mount runs once per HTTP event loop; one sweep covers every screen)
        if (sweeping.compareAndSet(false, true)) {
            vertx.setPeriodic(Math.max(100, Math.min(5_000, settings.stalledCloseMs() / 4)), id -> closeStalled());
        }
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
                screens.add(socket, principal, Vertx.currentContext(), isRawWebSocket(socket));
                event.complete(true);
            }
            case SOCKET_CLOSED -> {
                screens.remove(socket);
                event.complete(true);
            }
            case REGISTER -> event.complete(LiveAddresses.ALL.contains(address(event)) && screens.get(socket) != null);
            case REGISTERED -> {
                Screens.Screen screen = screens.get(socket);
                if (screen != null) {
                    screens.subscribe(screen, address(event));
                }
                event.complete(true);
            }
            case UNREGISTER -> {
                Screens.Screen screen = screens.get(socket);
                if (screen != null) {
                    screens.unsubscribe(screen, address(event));
                }
                event.complete(true);
            }
            case SEND, PUBLISH, RECEIVE -> {
                // Browsers may not write to the bus (the permissions say so too; this is a second lock),
                // and nothing reaches a screen through the bridge's own consumers.
                refused.increment();
                event.complete(false);
            }
            default -> event.complete(true);
        }
    }

    private void closeStalled() {
        long now = System.currentTimeMillis();
        screens.forEach((socket, screen) -> {
            if (screen.laggingSince != 0 && now - screen.laggingSince > settings.stalledCloseMs()) {
                LOG.info("closing a screen of '{}' stalled for {} s", screen.principal.name(), (now - screen.laggingSince) / 1000);
                // Forgotten at once: no more writes, and no longer counted. Its close frame waits behind
                // the unread updates; Vert.x drops the connection when the close times out.
                screens.remove(socket);
                screen.context.runOnContext(v -> socket.close());
            }
        });
    }

    private void closeSocketsOf(Principal revoked) {
        screens.forEach((socket, screen) -> {
            if (screen.principal.name().equals(revoked.name())) {
                screen.context.runOnContext(v -> socket.close(4401, "token revoked"));
            }
        });
    }

    /** Open screens, by token name (for operations). */
    public Map<String, Long> screensByToken() {
        return screens.countByToken();
    }

    private static String address(BridgeEvent event) {
        JsonObject raw = event.getRawMessage();
        return raw == null ? "" : raw.getString("address", "");
    }

    /**
     * The bridge's raw websocket is {@code /eventbus/websocket}; SockJS sessions connect at
     * {@code /eventbus/<server>/<session>/<transport>} (the SockJS protocol's URLs).
     */
    private static boolean isRawWebSocket(SockJSSocket socket) {
        return new QueryStringDecoder(socket.uri()).path().equals(PATH + "/websocket");
    }

    private static String tokenOf(SockJSSocket socket) {
        List<String> values = new QueryStringDecoder(socket.uri()).parameters().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
