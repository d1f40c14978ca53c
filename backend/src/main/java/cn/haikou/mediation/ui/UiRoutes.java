package cn.haikou.mediation.ui;

import cn.haikou.mediation.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the bundle built from {@code dashboard-ui/} (classpath {@code webroot/}). The pages hold
 * no data; everything they show comes through the token-checked APIs and the bridge. The wall
 * opens at {@code /wall?token=...}; the token is read by the page, not by this route.
 */
public final class UiRoutes implements Routes {

    /**
     * Only this server's own scripts, styles and fonts; data only from this server (the APIs and the
     * bridge). {@code 'unsafe-inline'} styles because ECharts' SVG output sets style attributes.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; font-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void mount(Vertx vertx, Router router) {
        router.get("/wall").handler(ctx -> ctx.reroute("/wall.html"));
        router.get("/trends").handler(ctx -> ctx.reroute("/trends.html"));
        router.get("/explore").handler(ctx -> ctx.reroute("/explore.html"));
        router.get("/*").handler(this::headers);
        router.get("/*").handler(StaticHandler.create("webroot")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(MAX_AGE_ASSETS)
                .setIndexPage("index.html"));
    }

    private static final long MAX_AGE_ASSETS = 365L * 24 * 3600;

    /**
     * Pages are re-validated on every load, so a wall reloaded after a deployment gets the new
     * bundle; the bundle's files carry a content hash in their names and never change.
     */
    private void headers(io.vertx.ext.web.RoutingContext ctx) {
        String path = ctx.normalizedPath();
        var headers = ctx.response().headers();
        if (!path.startsWith("/assets/")) {
            ctx.addHeadersEndHandler(v -> headers.set("Cache-Control", "no-cache"));
        }
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        ctx.next();
    }
}
