package cn.haikou.mediation.storage.embedded;

/**
 * chDB parses query-parameter values as TSV-escaped text: a raw backslash, tab or newline would
 * otherwise be read as an escape or a field end and the stored value would differ from the one sent.
 */
final class TsvEscape {

    private TsvEscape() {
    }

    static String escape(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }
}
