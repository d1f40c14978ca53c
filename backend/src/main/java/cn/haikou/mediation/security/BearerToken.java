package cn.haikou.mediation.security;

import io.vertx.ext.web.RoutingContext;

/** Reads {@code Authorization: Bearer TOKEN}; null when absent or malformed. */
public final class BearerToken {

    private BearerToken() {
    }

    public static String from(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
