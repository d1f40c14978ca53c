package cn.haikou.mediation.analytics;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Time buckets in the pack's zone. Weeks start on Monday (ISO, as Chinese statistics count them).
 * A range need not be aligned: its first and last buckets then hold only the part inside it.
 */
public enum Granularity {
    HOUR("hour", "小时", 31 * 24 + 1),
    DAY("day", "日", 3700),
    WEEK("week", "周", 3700),
    MONTH("month", "月", 3700);

    private final String code;
    private final String label;
    private final int maxBuckets;

    Granularity(String code, String label, int maxBuckets) {
        this.code = code;
        this.label = label;
        this.maxBuckets = maxBuckets;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** More buckets than this are refused (an hourly series covers at most 31 days). */
    public int maxBuckets() {
        return maxBuckets;
    }

    public static Optional<Granularity> fromCode(String code) {
        return Arrays.stream(values()).filter(g -> g.code.equals(code)).findFirst();
    }

    /** The start of the bucket holding {@code t}. */
    public ZonedDateTime truncate(ZonedDateTime t) {
        return switch (this) {
            case HOUR -> t.withMinute(0).withSecond(0).withNano(0);
            case DAY -> t.toLocalDate().atStartOfDay(t.getZone());
            case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(t.getZone());
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
        };
    }

    /** The start of the bucket after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            // On the instant time line, so that the repeated hour of a daylight-saving change is its own bucket.
            case HOUR -> start.plusHours(1);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }

    /** How many buckets cover {@code range}, counting no further than {@code limit + 1}. */
    public int count(TimeRange range, int limit) {
        int n = 0;
        for (ZonedDateTime b = truncate(range.from()); b.isBefore(range.to()) && n <= limit; b = next(b)) {
            n++;
        }
        return n;
    }

    /** The starts of the buckets covering {@code range}, in order. */
    public List<ZonedDateTime> buckets(TimeRange range) {
        List<ZonedDateTime> out = new ArrayList<>();
        for (ZonedDateTime b = truncate(range.from()); b.isBefore(range.to()); b = next(b)) {
            out.add(b);
        }
        return out;
    }
}
