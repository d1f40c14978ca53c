package cn.haikou.mediation.domain;

/**
 * The citizen who raised the case. Personal information under PIPL: the wall shows it only masked
 * ({@link Masking}), analysts see it only with a role that allows it, and each such read is audited.
 */
public record Caller(String name, String phone, String address) {

    public static final Caller NONE = new Caller("", "", "");
}
