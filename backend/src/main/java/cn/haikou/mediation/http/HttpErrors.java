package cn.haikou.mediation.http;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into problem responses: client errors without stack traces, server errors logged
 * once with one, and the status codes Vert.x raises itself (413, 404, 405, 415) as problem JSON.
 */
public final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    public static void install(Router router) {
        router.route().failureHandler(HttpErrors::handle);
        router.errorHandler(404, ctx -> Problem.of(404, "not_found", "no resource at " + ctx.request().path()).send(ctx));
        router.errorHandler(405, ctx -> Problem.of(405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()).send(ctx));
    }

    private static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof Problem.Failure f) {
            f.problem().send(ctx);
            return;
        }
        if (failure instanceof DecodeException e) {
            Problem.of(400, "malformed_json", "the body is not valid JSON: " + e.getMessage()).send(ctx);
            return;
        }
        int status = ctx.statusCode();
        switch (status) {
            case 413 -> Problem.of(413, "body_too_large", "the request body is larger than this server accepts").send(ctx);
            case 415 -> Problem.of(415, "unsupported_media_type", "unsupported Content-Type: " + ctx.request().getHeader("Content-Type")).send(ctx);
            case 400 -> Problem.of(400, "bad_request", failure == null ? "bad request" : failure.getMessage()).send(ctx);
            case 401, 403, 404, 405, 429 -> Problem.of(status, "http_" + status, "request refused").send(ctx);
            default -> {
                LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
                Problem.of(500, "internal_error", "the server failed to handle the request; see the server log").send(ctx);
            }
        }
    }
}
