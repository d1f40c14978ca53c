package cn.haikou.mediation.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of measured-ceilings.md, to run beside the product in the same session: a bare
 * Vert.x SockJS event-bus bridge, one instance per event loop, compression off, publishing a JSON
 * text of about {@code bytes} on {@link #ADDRESS} every {@code intervalMs}; no product logic, no
 * database. The text carries its {@code generatedAt}, so that a screen can time the delivery.
 *
 * <p>With a fourth argument above zero it writes the screens in turn instead, that many writes a
 * second in all ({@link RoundRobinVerticle}): the same write budget spent so that no screen waits
 * for a whole round of writes to reach it.
 *
 * <p>Run as its own process ({@code java -cp mediation-bench.jar ...BareBridgeServer PORT BYTES
 * INTERVAL_MS [ROUND_ROBIN_WRITES]}); {@code fanout --bare [--bare-round-robin N]} starts it in
 * place of the product's server.
 */
public final class BareBridgeServer {

    static final String ADDRESS = "bare.pulse";

    private BareBridgeServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        long intervalMs = Long.parseLong(args[2]);
        int roundRobinWrites = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        String padding = "x".repeat(Math.max(0, bytes - 60));
        Vertx vertx = Vertx.vertx();
        if (roundRobinWrites > 0) {
            int loops = Runtime.getRuntime().availableProcessors();
            vertx.deployVerticle(() -> new RoundRobinVerticle(port, padding, roundRobinWrites / (double) loops),
                    new DeploymentOptions().setInstances(loops)).await();
            System.out.println("round-robin bridge is running on port " + port);
            return;
        }
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new BridgeVerticle(port), new DeploymentOptions().setInstances(loops)).await();
        vertx.setPeriodic(intervalMs, id -> vertx.eventBus().publish(ADDRESS, body(Instant.now(), padding)));
        System.out.println("bare bridge is running on port " + port);
    }

    /**
     * The other way to spend the same writes: instead of one message to every screen each interval
     * (the last screen of a round gets a state as old as the round is long), each event loop writes
     * continuously to the next screens of its ring, at most {@code writesPerSecond} a second, each
     * write carrying the state of that moment. A screen's {@code generatedAt} is the time of its
     * previous write: the oldest change it had not yet seen happened just after it, so the screen's
     * delay is what the product's per-pulse delay (the oldest newly counted event) would be.
     */
    private static final class RoundRobinVerticle extends VerticleBase {
        private static final long TICK_MS = 10;

        /** A screen of the ring and when it was last written (0: not yet). */
        private static final class Screen {
            final SockJSSocket socket;
            long lastWrite;

            Screen(SockJSSocket socket) {
                this.socket = socket;
            }
        }

        private final int port;
        private final String padding;
        private final double writesPerSecond;
        private final List<Screen> ring = new ArrayList<>();
        private int next;
        private double quota;
        private long cachedFor = -1;
        private Buffer cached;

        RoundRobinVerticle(int port, String padding, double writesPerSecond) {
            this.port = port;
            this.padding = padding;
            this.writesPerSecond = writesPerSecond;
        }

        @Override
        public Future<?> start() {
            Router bridge = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false))
                    .bridge(bridgeOptions(), event -> {
                        if (event.type() == BridgeEventType.SOCKET_CREATED) {
                            ring.add(new Screen(event.socket()));
                        } else if (event.type() == BridgeEventType.SOCKET_CLOSED) {
                            ring.removeIf(screen -> screen.socket == event.socket());
                        }
                        event.complete(true);
                    });
            vertx.setPeriodic(TICK_MS, id -> tick());
            return listen(vertx, port, bridge);
        }

        private void tick() {
            if (ring.isEmpty()) {
                return;
            }
            quota = Math.min(quota + writesPerSecond * TICK_MS / 1000.0, ring.size());
            long now = System.currentTimeMillis();
            for (; quota >= 1; quota--) {
                next = next >= ring.size() ? 0 : next;
                Screen screen = ring.get(next++);
                long previous = screen.lastWrite;
                screen.lastWrite = now;
                if (previous != 0 && !screen.socket.writeQueueFull()) {
                    screen.socket.write(frame(previous));
                }
            }
        }

        /**
         * The frame the bridge itself would send for {@link #body}. Screens visited in one tick were
         * mostly visited in the same earlier tick: one frame serves them.
         */
        private Buffer frame(long generatedAt) {
            if (generatedAt != cachedFor) {
                cachedFor = generatedAt;
                cached = new JsonObject().put("type", "rec").put("address", ADDRESS)
                        .put("body", body(Instant.ofEpochMilli(generatedAt), padding)).toBuffer();
            }
            return cached;
        }
    }

    private static final class BridgeVerticle extends VerticleBase {
        private final int port;

        BridgeVerticle(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            return listen(vertx, port, SockJSHandler.create(vertx).bridge(bridgeOptions()));
        }
    }

    /** The message both servers send: JSON text with its time, padded to the size asked for. */
    private static String body(Instant generatedAt, String padding) {
        return "{\"generatedAt\":\"" + generatedAt + "\",\"padding\":\"" + padding + "\"}";
    }

    private static SockJSBridgeOptions bridgeOptions() {
        return new SockJSBridgeOptions().setPingTimeout(20_000).addOutboundPermitted(new PermittedOptions().setAddress(ADDRESS));
    }

    /** Serves {@code bridge} at {@code /eventbus}, compression off, as the product's server does. */
    private static Future<?> listen(Vertx vertx, int port, Router bridge) {
        Router router = Router.router(vertx);
        router.route("/eventbus/*").subRouter(bridge);
        return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
                        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                .requestHandler(router).listen();
    }
}
