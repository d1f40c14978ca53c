package cn.haikou.mediation.analytics;

import java.util.Set;

/**
 * The aggregates every metric is computed from, each a fixed SQL fragment for the raw event table
 * and one for the roll-ups: sums and counts from the summing roll-ups (events_by_minute,
 * events_by_day, events_by_day_type share their columns), quantiles from the duration samples of
 * durations_by_day. Sums and counts add up across buckets; quantiles do not.
 */
public enum Component {
    EVENTS(Type.COUNT, null, "count()", "sum(events)"),
    RECEIVED(Type.COUNT, Set.of("received"), "countIf(kind = 'received')", "sumIf(events, kind = 'received')"),
    ACCEPTED(Type.COUNT, Set.of("accepted"), "countIf(kind = 'accepted')", "sumIf(events, kind = 'accepted')"),
    MEDIATED(Type.COUNT, Set.of("mediated"), "countIf(kind = 'mediated')", "sumIf(events, kind = 'mediated')"),
    FAILED(Type.COUNT, Set.of("failed"), "countIf(kind = 'failed')", "sumIf(events, kind = 'failed')"),
    ON_TIME(Type.COUNT, Set.of("mediated", "failed"),
            "countIf(kind IN ('mediated', 'failed') AND event_time <= close_due_at)",
            "sumIf(on_time, kind IN ('mediated', 'failed'))"),
    FOLLOWED_UP(Type.COUNT, Set.of("followed_up"), "countIf(kind = 'followed_up')", "sumIf(events, kind = 'followed_up')"),
    SATISFACTION_SUM(Type.COUNT, Set.of("followed_up"), "sumIf(toUInt64(satisfaction), kind = 'followed_up')",
            "sumIf(satisfaction_sum, kind = 'followed_up')"),
    SATISFIED(Type.COUNT, Set.of("followed_up"), "countIf(kind = 'followed_up' AND satisfaction >= 4)",
            "sumIf(satisfied, kind = 'followed_up')"),
    MASS(Type.COUNT, Set.of("received"), "countIf(kind = 'received' AND parties >= 5)", "sumIf(mass_events, kind = 'received')"),
    AMOUNT_INVOLVED(Type.DECIMAL, Set.of("mediated", "failed"),
            "toString(sumIf(amount_involved, kind IN ('mediated', 'failed')))",
            "toString(sumIf(amount_involved, kind IN ('mediated', 'failed')))"),
    AMOUNT_RECOVERED(Type.DECIMAL, Set.of("mediated"), "toString(sumIf(amount_recovered, kind = 'mediated'))",
            "toString(sumIf(amount_recovered, kind = 'mediated'))"),
    ACCEPT_MS(Type.COUNT, Set.of("accepted"), "sumIf(" + Sql.DURATION_MS + ", kind = 'accepted')",
            "sumIf(duration_ms_sum, kind = 'accepted')"),
    CLOSE_MS(Type.COUNT, Set.of("mediated", "failed"), "sumIf(" + Sql.DURATION_MS + ", kind IN ('mediated', 'failed'))",
            "sumIf(duration_ms_sum, kind IN ('mediated', 'failed'))"),
    ACCEPT_QUANTILES(Type.QUANTILES, Set.of("accepted"),
            "quantilesExactIf(0.5, 0.9, 0.99)(" + Sql.DURATION_MS + ", kind = 'accepted')",
            "quantilesExactMergeIf(0.5, 0.9, 0.99)(duration_ms, kind = 'accepted')"),
    CLOSE_QUANTILES(Type.QUANTILES, Set.of("mediated", "failed"),
            "quantilesExactIf(0.5, 0.9, 0.99)(" + Sql.DURATION_MS + ", kind IN ('mediated', 'failed'))",
            "quantilesExactMergeIf(0.5, 0.9, 0.99)(duration_ms, kind IN ('mediated', 'failed'))");

    /** How a component's value is read and combined. */
    public enum Type { COUNT, DECIMAL, QUANTILES }

    /** The levels of the quantile components, in array order. */
    public static final double[] QUANTILE_LEVELS = {0.5, 0.9, 0.99};

    private final Type type;
    private final Set<String> kinds;
    private final String rawSql;
    private final String rollupSql;

    /**
     * @param rollupSql for sums and counts: over the summing roll-ups; for quantiles: over the
     *                  duration samples of durations_by_day
     */
    Component(Type type, Set<String> kinds, String rawSql, String rollupSql) {
        this.type = type;
        this.kinds = kinds;
        this.rawSql = rawSql;
        this.rollupSql = rollupSql;
    }

    public Type type() {
        return type;
    }

    /** The event kinds this component reads, or null for every kind. */
    public Set<String> kinds() {
        return kinds;
    }

    /** The column alias in result rows. */
    public String alias() {
        return "c_" + name().toLowerCase();
    }

    /** The fragment for {@code source}, or null when that source cannot compute this component. */
    public String sql(Source source) {
        if (source == Source.RAW) {
            return rawSql;
        }
        boolean samples = source == Source.DURATIONS;
        return samples == (type == Type.QUANTILES) ? rollupSql : null;
    }

    public boolean availableIn(Source source) {
        return sql(source) != null;
    }

    /** SQL fragments shared by several components. */
    static final class Sql {
        static final String DURATION_MS = "toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))";

        private Sql() {
        }
    }
}
