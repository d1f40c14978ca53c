package cn.haikou.mediation.security;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.http.Problem;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingest authentication: each source presents its own key as {@code Authorization: Bearer KEY}.
 * No key or an unknown key is 401; a revoked key is 403 (the source is known and refused).
 */
public final class ApiKeys {

    private final Map<String, String> sourceByKey = new HashMap<>();
    private final Set<String> revoked = new HashSet<>();

    public ApiKeys(List<AppConfig.ApiKey> keys, List<String> revokedKeys) {
        for (AppConfig.ApiKey key : keys) {
            if (key.key() == null || key.key().length() < 16) {
                throw new IllegalArgumentException("the ingest key of source '" + key.source() + "' must be at least 16 characters");
            }
            sourceByKey.put(key.key(), key.source());
        }
        revoked.addAll(revokedKeys);
    }

    /** The authenticated source, or a {@link Problem.Failure} (401/403). */
    public String authenticate(RoutingContext ctx) {
        String key = BearerToken.from(ctx);
        if (key == null) {
            throw new Problem.Failure(Problem.field(401, "unauthenticated", "Authorization",
                    "send the source's API key as 'Authorization: Bearer KEY'"));
        }
        if (contains(revoked, key)) {
            throw new Problem.Failure(Problem.field(403, "key_revoked", "Authorization", "this API key has been revoked"));
        }
        for (Map.Entry<String, String> e : sourceByKey.entrySet()) {
            if (constantTimeEquals(e.getKey(), key)) {
                return e.getValue();
            }
        }
        throw new Problem.Failure(Problem.field(401, "unknown_key", "Authorization", "unknown API key"));
    }

    private static boolean contains(Set<String> keys, String key) {
        boolean found = false;
        for (String k : keys) {
            found |= constantTimeEquals(k, key);
        }
        return found;
    }

    /** Key comparison that does not leak how many leading characters matched. */
    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
