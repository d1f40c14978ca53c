package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.security.BearerToken;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The interim {@link AccessCheck}: {@code Authorization: Bearer TOKEN} against the tokens in
 * {@code security.tokens}. Roles {@code analyst} and {@code admin} pass; {@code display} (a wall
 * screen) is refused with 403.
 */
public final class TokenAccessCheck implements AccessCheck {

    private static final Set<String> ANALYST_ROLES = Set.of("analyst", "admin");

    private final List<AppConfig.AccessToken> tokens;

    public TokenAccessCheck(List<AppConfig.AccessToken> tokens) {
        this.tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    @Override
    public void requireAnalyst(RoutingContext ctx) {
        String presented = BearerToken.from(ctx);
        if (presented == null) {
            throw new Problem.Failure(Problem.field(401, "unauthenticated", "Authorization",
                    "analytics needs an analyst's token: send 'Authorization: Bearer TOKEN'"));
        }
        AppConfig.AccessToken match = null;
        for (AppConfig.AccessToken token : tokens) {
            // Compare against every token, so the time taken does not reveal which one nearly matched.
            if (token.token() != null && MessageDigest.isEqual(token.token().getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                match = token;
            }
        }
        if (match == null) {
            throw new Problem.Failure(Problem.field(401, "unknown_token", "Authorization", "unknown token"));
        }
        if (!ANALYST_ROLES.contains(match.role())) {
            throw new Problem.Failure(Problem.field(403, "forbidden", "Authorization",
                    "the role '" + match.role() + "' may not run analytics (analyst or admin needed)"));
        }
    }
}
