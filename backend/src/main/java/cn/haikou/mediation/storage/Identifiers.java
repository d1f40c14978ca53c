package cn.haikou.mediation.storage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names spliced into SQL text (database, table, column): values travel as bound parameters, but
 * identifiers cannot, so both transports check them here before they reach a statement.
 */
public final class Identifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {
    }

    /** {@code name}, or an exception naming what it was meant to be. */
    public static String require(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be an identifier: " + name);
        }
        return name;
    }

    /** The insert target {@code table} or {@code table (c1, c2, ...)}, every name checked. */
    public static String insertTarget(String table, List<String> columns) {
        require("table", table);
        columns.forEach(c -> require("column", c));
        return columns.isEmpty() ? table : table + " (" + String.join(", ", columns) + ")";
    }
}
