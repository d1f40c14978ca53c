package cn.haikou.mediation.ops;

import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.storage.BlockingStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code GET /health}: 200 with status UP when ClickHouse answers a query, 503 otherwise. Carries
 * the transport, the engine/server version and the schema version, for operators and probes.
 */
public final class HealthRoutes implements Routes {

    private final BlockingStore store;
    private final int schemaVersion;
    private final Supplier<JsonObject> details;

    public HealthRoutes(BlockingStore store, int schemaVersion, Supplier<JsonObject> details) {
        this.store = store;
        this.schemaVersion = schemaVersion;
        this.details = details;
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        router.get("/health").handler(this::health);
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
                .sendFile("api/openapi.yaml"));
    }

    private void health(RoutingContext ctx) {
        store.call(ch -> ch.query("SELECT 1 AS ok").single().getInt("ok"))
                .onComplete(ar -> {
                    JsonObject body = new JsonObject()
                            .put("status", ar.succeeded() ? "UP" : "DOWN")
                            .put("transport", store.clickHouse().transport())
                            .put("engineVersion", store.clickHouse().serverVersion())
                            .put("schemaVersion", schemaVersion)
                            .mergeIn(details.get());
                    if (ar.failed()) {
                        body.put("error", ar.cause().getMessage());
                    }
                    ctx.response()
                            .setStatusCode(ar.succeeded() ? 200 : 503)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Cache-Control", "no-store")
                            .end(body.encode());
                });
    }
}
