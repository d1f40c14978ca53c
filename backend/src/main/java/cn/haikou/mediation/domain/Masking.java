package cn.haikou.mediation.domain;

/**
 * Masks personal information for screens in public places: a surname and a placeholder for names,
 * the first 3 and last 4 digits of phone numbers, and only the leading part of an address.
 */
public final class Masking {

    private Masking() {
    }

    /** {@code 张三丰} becomes {@code 张**}; {@code John Smith} becomes {@code J*********}. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new StringBuilder().appendCodePoint(first).append("*".repeat(Math.max(1, rest))).toString();
    }

    /** {@code 13812345678} becomes {@code 138****5678}; short numbers are masked entirely. */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return "";
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 8) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }

    /** Keeps the first 6 characters (district/road level) and masks the rest. */
    public static String address(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        int keep = Math.min(6, address.codePointCount(0, address.length()) / 2);
        int cut = address.offsetByCodePoints(0, keep);
        return address.substring(0, cut) + "****";
    }
}
