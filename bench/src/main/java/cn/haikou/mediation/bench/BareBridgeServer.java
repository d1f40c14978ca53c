package cn.haikou.mediation.bench;

import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

import java.time.Instant;

/**
 * The baseline of measured-ceilings.md, to run beside the product in the same session: a bare
 * Vert.x SockJS event-bus bridge, one instance per event loop, compression off, publishing a JSON
 * text of about {@code bytes} on {@link #ADDRESS} every {@code intervalMs}; no product logic, no
 * database. The text carries its {@code generatedAt}, so that a screen can time the delivery.
 *
 * <p>Run as its own process ({@code java -cp mediation-bench.jar ...BareBridgeServer PORT BYTES
 * INTERVAL_MS}); {@code fanout --bare} starts it in place of the product's server.
 */
public final class BareBridgeServer {

    static final String ADDRESS = "bare.pulse";

    private BareBridgeServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        long intervalMs = Long.parseLong(args[2]);
        Vertx vertx = Vertx.vertx();
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new BridgeVerticle(port), new DeploymentOptions().setInstances(loops)).await();
        String padding = "x".repeat(Math.max(0, bytes - 60));
        vertx.setPeriodic(intervalMs, id -> vertx.eventBus().publish(ADDRESS,
                "{\"generatedAt\":\"" + Instant.now() + "\",\"padding\":\"" + padding + "\"}"));
        System.out.println("bare bridge is running on port " + port);
    }

    private static final class BridgeVerticle extends VerticleBase {
        private final int port;

        BridgeVerticle(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            SockJSBridgeOptions options = new SockJSBridgeOptions().setPingTimeout(20_000)
                    .addOutboundPermitted(new PermittedOptions().setAddress(ADDRESS));
            router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(options));
            return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
                            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                    .requestHandler(router).listen();
        }
    }
}
