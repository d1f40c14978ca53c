package cn.haikou.mediation.http;

import cn.haikou.mediation.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * One HTTP server instance; the bootstrap deploys one per event loop, all on the same port (Vert.x
 * spreads connections across them). Each capability mounts its own routes.
 */
public final class HttpVerticle extends VerticleBase {

    private final AppConfig.Http settings;
    private final List<Routes> routes;
    private final int maxWebSocketFrameBytes;
    private HttpServer server;

    public HttpVerticle(AppConfig.Http settings, int maxWebSocketFrameBytes, List<Routes> routes) {
        this.settings = settings;
        this.maxWebSocketFrameBytes = maxWebSocketFrameBytes;
        this.routes = routes;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        HttpErrors.install(router);
        for (Routes r : routes) {
            r.mount(vertx, router);
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                // Screens get the same small JSON many times a second: compression costs ~4x CPU
                // and ~300 KB of native state per socket (measured-ceilings.md).
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Screens only send small subscription frames: a bigger frame closes the socket.
                // (The same size splits what the server sends into frames; that costs a few bytes.)
                .setMaxWebSocketFrameSize(maxWebSocketFrameBytes)
                .setMaxWebSocketMessageSize(maxWebSocketFrameBytes)
                .setCompressionSupported(true)
                .setIdleTimeout(0);
        if (settings.socketSendBufferBytes() > 0) {
            options.setSendBufferSize(settings.socketSendBufferBytes());
        }
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
