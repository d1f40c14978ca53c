package cn.haikou.mediation.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One result row as ClickHouse's {@code JSONEachRow} renders it (64-bit integers unquoted,
 * DateTime64 as {@code "yyyy-MM-dd HH:mm:ss.SSS"} in the column's zone, which is UTC here).
 */
public final class Row {

    private final ObjectNode values;

    public Row(ObjectNode values) {
        this.values = values;
    }

    public boolean has(String column) {
        JsonNode node = values.get(column);
        return node != null && !node.isNull();
    }

    public String getString(String column) {
        JsonNode node = require(column);
        return node.isNull() ? null : node.asText();
    }

    public long getLong(String column) {
        JsonNode node = require(column);
        return node.isTextual() ? Long.parseLong(node.asText()) : node.asLong();
    }

    public int getInt(String column) {
        return Math.toIntExact(getLong(column));
    }

    /** Numbers, including ClickHouse's {@code nan} / {@code inf} which JSON renders as null or text. */
    public double getDouble(String column) {
        JsonNode node = require(column);
        if (node.isNull()) {
            return Double.NaN;
        }
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    public BigDecimal getDecimal(String column) {
        JsonNode node = require(column);
        if (node.isNull()) {
            return null;
        }
        return node.isTextual() ? new BigDecimal(node.asText()) : node.decimalValue();
    }

    /** A {@code DateTime64(3,'UTC')} / {@code DateTime('UTC')} column as an instant. */
    public Instant getInstant(String column) {
        String text = getString(column);
        return text == null ? null : ClickHouseTime.parseUtc(text);
    }

    public List<String> getStringList(String column) {
        JsonNode node = require(column);
        List<String> out = new ArrayList<>(node.size());
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The raw JSON value, for columns passed through to API responses unchanged. */
    public JsonNode get(String column) {
        return require(column);
    }

    public ObjectNode asJson() {
        return values;
    }

    private JsonNode require(String column) {
        JsonNode node = values.get(column);
        if (node == null) {
            throw new IllegalArgumentException("no column '" + column + "' in row " + values.fieldNames().next() + "...");
        }
        return node;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
