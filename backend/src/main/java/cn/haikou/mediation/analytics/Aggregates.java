package cn.haikou.mediation.analytics;

import cn.haikou.mediation.storage.Row;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The component values of one cell (a group, and a bucket or the whole range). Absent counts are zero. */
public final class Aggregates {

    private final Map<Component, Object> values = new EnumMap<>(Component.class);

    /** Reads the given components from a result row. */
    public static Aggregates read(Row row, Collection<Component> components) {
        Aggregates a = new Aggregates();
        for (Component c : components) {
            switch (c.type()) {
                case COUNT -> a.values.put(c, row.getLong(c.alias()));
                case DECIMAL -> a.values.put(c, new BigDecimal(row.getString(c.alias())));
                case QUANTILES -> {
                    JsonNode array = row.get(c.alias());
                    double[] q = new double[array.size()];
                    for (int i = 0; i < q.length; i++) {
                        q[i] = array.get(i).asDouble();
                    }
                    a.values.put(c, q);
                }
            }
        }
        return a;
    }

    /** Takes over {@code other}'s values (a second source answering other components of the same cell). */
    public void putAll(Aggregates other) {
        values.putAll(other.values);
    }

    /** Adds {@code other}'s sums and counts to this cell's (quantiles do not add up and are left alone). */
    public void addSums(Aggregates other) {
        other.values.forEach((c, v) -> {
            switch (c.type()) {
                case COUNT -> values.merge(c, v, (a, b) -> (Long) a + (Long) b);
                case DECIMAL -> values.merge(c, v, (a, b) -> ((BigDecimal) a).add((BigDecimal) b));
                case QUANTILES -> { }
            }
        });
    }

    /** Sets component {@code c} to {@code from}'s value. */
    void copy(Aggregates from, Component c) {
        Object v = from.values.get(c);
        if (v != null) {
            values.put(c, v);
        }
    }

    public long count(Component c) {
        Object v = values.get(c);
        return v == null ? 0 : (Long) v;
    }

    public BigDecimal decimal(Component c) {
        Object v = values.get(c);
        return v == null ? BigDecimal.ZERO : (BigDecimal) v;
    }

    /** The quantiles at {@link Component#QUANTILE_LEVELS}, or null when none were computed. */
    public double[] quantiles(Component c) {
        return (double[]) values.get(c);
    }
}
