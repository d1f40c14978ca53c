package cn.haikou.mediation.security;

import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.storage.BlockingStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Issuing and revoking tokens (admin role): wall displays get long-lived display tokens, analysts
 * analyst tokens; a revoked token stops working on every node within seconds and its open
 * screens are disconnected.
 */
public final class TokenRoutes implements Routes {

    private final Authorizer authorizer;
    private final BlockingStore store;

    public TokenRoutes(Authorizer authorizer, BlockingStore store) {
        this.authorizer = authorizer;
        this.store = store;
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        router.get("/api/v1/admin/tokens").handler(authorizer.requires(Role.ADMIN)).handler(this::list);
        router.post("/api/v1/admin/tokens").handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(authorizer.requires(Role.ADMIN)).handler(this::issue);
        router.delete("/api/v1/admin/tokens/:name").handler(authorizer.requires(Role.ADMIN)).handler(this::revoke);
    }

    private void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        authorizer.tokens().issued().forEach(p -> items.add(new JsonObject().put("name", p.name()).put("role", p.role().code())));
        ctx.json(new JsonObject().put("tokens", items));
    }

    private void issue(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException e) {
            throw new Problem.Failure(Problem.of(400, "malformed_json", "send {\"name\": ..., \"role\": ...}"));
        }
        if (body == null) {
            throw new Problem.Failure(Problem.of(400, "empty_body", "send {\"name\": ..., \"role\": ...}"));
        }
        String name = body.getValue("name") instanceof String s ? s : null;
        Role role = body.getValue("role") instanceof String r ? Role.fromCode(r).orElse(null) : null;
        if (role == null) {
            throw new Problem.Failure(Problem.field(400, "invalid_role", "role", "role must be display, analyst, supervisor or admin"));
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new Problem.Failure(Problem.field(400, "invalid_name", "name", "name must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        String by = ctx.<Principal>get(Authorizer.PRINCIPAL).name();
        store.call(ch -> authorizer.tokens().issue(name, role, by)).onSuccess(token ->
                ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("name", name).put("role", role.code()).put("token", token).encode()))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String by = ctx.<Principal>get(Authorizer.PRINCIPAL).name();
        store.call(ch -> authorizer.tokens().revoke(name, by)).onSuccess(found -> {
            if (found) {
                ctx.response().setStatusCode(204).end();
            } else {
                Problem.field(404, "no_such_token", "name", "no live issued token named '" + name + "'").send(ctx);
            }
        }).onFailure(ctx::fail);
    }
}
