package cn.haikou.mediation.security;

/** Who presented a token: the token's name (for the audit trail) and its role. */
public record Principal(String name, Role role) {
}
