package cn.haikou.mediation.security;

import cn.haikou.mediation.http.Problem;
import io.vertx.ext.web.RoutingContext;

/**
 * Route guards for people and screens: a bearer token (header, or {@code ?token=} for pages and
 * screens that cannot set headers) with at least the route's role. 401 without a valid token,
 * 403 with a token whose role is too low.
 */
public final class Authorizer {

    public static final String PRINCIPAL = "principal";

    private final AccessTokens tokens;

    public Authorizer(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public AccessTokens tokens() {
        return tokens;
    }

    /** The principal of the request, or a {@link Problem.Failure}. */
    public Principal require(RoutingContext ctx, Role role) {
        String token = BearerToken.from(ctx);
        if (token == null) {
            token = ctx.request().getParam("token");
        }
        if (token == null) {
            throw new Problem.Failure(Problem.field(401, "unauthenticated", "Authorization",
                    "send a token as 'Authorization: Bearer TOKEN' (or ?token= for screens)"));
        }
        Principal principal = tokens.authenticate(token).orElseThrow(() ->
                new Problem.Failure(Problem.field(401, "invalid_token", "Authorization", "unknown or revoked token")));
        if (!principal.role().atLeast(role)) {
            throw new Problem.Failure(Problem.field(403, "forbidden", "Authorization",
                    "this needs the " + role.code() + " role; the token has " + principal.role().code()));
        }
        ctx.put(PRINCIPAL, principal);
        return principal;
    }

    /** A handler that lets the request through only with at least {@code role}. */
    public io.vertx.core.Handler<RoutingContext> requires(Role role) {
        return ctx -> {
            require(ctx, role);
            ctx.next();
        };
    }
}
