package cn.haikou.mediation.analytics;

import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a query reads from. The roll-ups hold the same sums (and duration samples) as the raw
 * events (materialized views fill them on every insert), so which one answers changes speed, not
 * figures.
 */
public enum Source {
    /** case_events: every dimension, any time bound, every component. */
    RAW("case_events", "event_time", EnumSet.allOf(Dimension.class)),
    /** events_by_minute: no committee or mediator; bounds on whole minutes; any zone. */
    MINUTE("events_by_minute", "minute", EnumSet.of(Dimension.CASE_TYPE, Dimension.DISTRICT, Dimension.TOWN,
            Dimension.CHANNEL, Dimension.KIND)),
    /** events_by_day: every dimension, one row per distinct combination a day (sql/V001). */
    DAY("events_by_day", "day", EnumSet.allOf(Dimension.class)),
    /** events_by_day_type: district, case type and kind only, so a few hundred rows a day (sql/V002). */
    DAY_TYPE("events_by_day_type", "day", EnumSet.of(Dimension.DISTRICT, Dimension.CASE_TYPE, Dimension.KIND)),
    /** durations_by_day: exact duration samples by district, case type and kind, for percentiles (sql/V002). */
    DURATIONS("durations_by_day", "day", EnumSet.of(Dimension.DISTRICT, Dimension.CASE_TYPE, Dimension.KIND));

    /** The zone the day roll-ups were built with ({@code toDate(event_time, 'Asia/Shanghai')} in sql/). */
    static final ZoneId DAY_ROLLUP_ZONE = ZoneId.of("Asia/Shanghai");
    /** Below this length the minute roll-up is preferred for ranges it can answer. */
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

    /** Whether rows are days (Asia/Shanghai), so bounds are dates. */
    public boolean daily() {
        return timeColumn.equals("day");
    }

    /**
     * Whether this source can answer for the range: the minute roll-up needs whole-minute bounds;
     * the day roll-ups need whole days in the pack zone, that zone to keep Shanghai's calendar, and
     * no hourly buckets.
     */
    public boolean answers(TimeRange range, Granularity granularity, Set<Dimension> used) {
        if (!dimensions.containsAll(used)) {
            return false;
        }
        if (this == RAW) {
            return true;
        }
        if (this == MINUTE) {
            return range.wholeMinutes();
        }
        return granularity != Granularity.HOUR && range.wholeDays()
                && range.zone().getRules().equals(DAY_ROLLUP_ZONE.getRules());
    }
}
