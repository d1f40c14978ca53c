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

    @Override
    public void mount(Vertx vertx, Router router) {
        router.get("/wall").handler(ctx -> ctx.reroute("/wall.html"));
        router.get("/trends").handler(ctx -> ctx.reroute("/trends.html"));
        router.get("/explore").handler(ctx -> ctx.reroute("/explore.html"));
        router.get("/*").handler(StaticHandler.create("webroot")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(3600)
                .setIndexPage("index.html"));
    }
}
