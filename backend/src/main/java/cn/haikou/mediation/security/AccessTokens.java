package cn.haikou.mediation.security;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Bearer tokens for people and screens. Tokens in the configuration always exist (the operator's
 * bootstrap credentials); tokens issued at run time live in ClickHouse as SHA-256 hashes, can be
 * revoked, and are re-read every few seconds so that every node sees a revocation.
 *
 * <p>Lookups are by hash, so the token itself is never compared character by character.
 */
public final class AccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClickHouse clickHouse;
    private final Map<String, Principal> configured = new HashMap<>();
    private volatile Map<String, Principal> issued = Map.of();
    private final List<Consumer<Principal>> revocationListeners = new CopyOnWriteArrayList<>();

    public AccessTokens(List<AppConfig.AccessToken> tokens, ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
        for (AppConfig.AccessToken t : tokens) {
            Role role = Role.fromCode(t.role()).orElseThrow(() ->
                    new IllegalArgumentException("token '" + t.name() + "' has unknown role '" + t.role() + "' (display, analyst, supervisor, admin)"));
            if (t.token() == null || t.token().length() < 16) {
                throw new IllegalArgumentException("token '" + t.name() + "' must be at least 16 characters");
            }
            configured.put(hash(t.token()), new Principal(t.name(), role));
        }
    }

    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String h = hash(token);
        Principal p = configured.get(h);
        return Optional.ofNullable(p != null ? p : issued.get(h));
    }

    /** Called when a token that was valid is revoked, so that open connections using it can be closed. */
    public void onRevoked(Consumer<Principal> listener) {
        revocationListeners.add(listener);
    }

    /** Re-reads issued tokens (blocking); tells listeners about tokens that disappeared. */
    public void refresh() {
        Map<String, Principal> next = new HashMap<>();
        try (QueryResult rows = clickHouse.query("""
                SELECT name, argMax(token_hash, changed_at) AS token_hash, argMax(role, changed_at) AS role,
                       argMax(revoked, changed_at) AS revoked
                FROM access_tokens GROUP BY name""")) {
            for (Row row : rows) {
                if (row.getInt("revoked") == 0) {
                    Role.fromCode(row.getString("role")).ifPresent(role ->
                            next.put(row.getString("token_hash"), new Principal(row.getString("name"), role)));
                }
            }
        }
        Map<String, Principal> previous = issued;
        issued = Map.copyOf(next);
        Set<String> gone = new HashSet<>(previous.keySet());
        gone.removeAll(next.keySet());
        for (String h : gone) {
            Principal p = previous.get(h);
            LOG.info("token '{}' ({}) is no longer valid", p.name(), p.role().code());
            revocationListeners.forEach(l -> l.accept(p));
        }
    }

    /** Issues a new token (blocking); the returned text is the only time it is seen. */
    public String issue(String name, Role role, String by) {
        requireName(name);
        String token = newToken();
        write(name, hash(token), role, false, by);
        refresh();
        LOG.info("token '{}' ({}) issued by {}", name, role.code(), by);
        return token;
    }

    /** Revokes an issued token by name (blocking); false if no such live token. */
    public boolean revoke(String name, String by) {
        requireName(name);
        Optional<Principal> current = issued.values().stream().filter(p -> p.name().equals(name)).findFirst();
        if (current.isEmpty()) {
            return false;
        }
        write(name, "", current.get().role(), true, by);
        refresh();
        LOG.info("token '{}' revoked by {}", name, by);
        return true;
    }

    /** The live issued tokens (names and roles only). */
    public List<Principal> issued() {
        return issued.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private void write(String name, String tokenHash, Role role, boolean revoked, String by) {
        clickHouse.execute("""
                INSERT INTO access_tokens (name, token_hash, role, revoked, changed_at, changed_by)
                VALUES ({name:String}, {hash:String}, {role:String}, {revoked:UInt8}, {at:DateTime64(3, 'UTC')}, {by:String})""",
                Map.of("name", name, "hash", tokenHash, "role", role.code(), "revoked", revoked ? 1 : 0, "at", Instant.now(), "by", by));
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
