package cn.haikou.mediation.analytics;

import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a query reads from. The roll-ups hold the same sums as the raw events (the materialized
 * views of sql/V001 fill them on every insert), so which one answers changes speed, not figures.
 */
public enum Source {
    /** case_events: every dimension, any time bound, and the only source of percentiles. */
    RAW("case_events", "event_time", EnumSet.allOf(Dimension.class)),
    /** events_by_minute: no committee or mediator; bounds on whole minutes; any zone. */
    MINUTE("events_by_minute", "minute", EnumSet.of(Dimension.CASE_TYPE, Dimension.DISTRICT, Dimension.TOWN,
            Dimension.CHANNEL, Dimension.KIND)),
    /** events_by_day: every dimension, but days are Asia/Shanghai days, so bounds on whole days there. */
    DAY("events_by_day", "day", EnumSet.allOf(Dimension.class));

    /** The zone events_by_day was built with ({@code toDate(event_time, 'Asia/Shanghai')} in sql/V001). */
    static final ZoneId DAY_ROLLUP_ZONE = ZoneId.of("Asia/Shanghai");
    /** Below this length the minute roll-up is small enough and preferred for ranges it can answer. */
    static final Duration SHORT_RANGE = Duration.ofDays(2);

    private final String table;
    private final String timeColumn;
    private final Set<Dimension> dimensions;

    Source(String table, String timeColumn, Set<Dimension> dimensions) {
        this.table = table;
        this.timeColumn = timeColumn;
        this.dimensions = dimensions;
    }

    public String table() {
        return table;
    }

    public String timeColumn() {
        return timeColumn;
    }

    public boolean covers(Set<Dimension> used) {
        return dimensions.containsAll(used);
    }

    /**
     * Whether this source can answer for the range: the minute roll-up needs whole-minute bounds;
     * the day roll-up needs whole days in the pack zone, that zone to keep Shanghai's calendar,
     * and no hourly buckets.
     */
    public boolean answers(TimeRange range, Granularity granularity, Set<Dimension> used) {
        if (!covers(used)) {
            return false;
        }
        return switch (this) {
            case RAW -> true;
            case MINUTE -> range.wholeMinutes();
            case DAY -> granularity != Granularity.HOUR && range.wholeDays()
                    && range.zone().getRules().equals(DAY_ROLLUP_ZONE.getRules());
        };
    }
}
