package cn.haikou.mediation.analytics;

import io.vertx.ext.web.RoutingContext;

/** Who may read analytics; the bootstrap passes the shared {@code security.Authorizer} with the analyst role. */
@FunctionalInterface
public interface AccessCheck {

    /**
     * Returns normally when the request carries a token whose role may run analytics (analyst or
     * admin); otherwise throws {@link cn.haikou.mediation.http.Problem.Failure}: 401 without a
     * known token, 403 with a token of another role (a wall display).
     */
    void requireAnalyst(RoutingContext ctx);
}
