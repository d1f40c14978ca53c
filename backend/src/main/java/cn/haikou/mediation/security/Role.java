package cn.haikou.mediation.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a bearer token may do. Each role includes the ones before it, except that only
 * {@code supervisor} and {@code admin} may read personal data (always audited).
 */
public enum Role {
    /** A wall screen: the live, masked aggregates; nothing else. */
    DISPLAY,
    /** Trends and history, masked. */
    ANALYST,
    /** As analyst, plus unmasked personal data of individual cases, every read audited. */
    SUPERVISOR,
    /** Everything, including issuing and revoking tokens. */
    ADMIN;

    public String code() {
        return name().toLowerCase();
    }

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }

    public static Optional<Role> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
