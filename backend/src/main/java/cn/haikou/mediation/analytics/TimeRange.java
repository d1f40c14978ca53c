package cn.haikou.mediation.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** A half-open time range {@code [from, to)} in the pack's zone. */
public record TimeRange(ZonedDateTime from, ZonedDateTime to) {

    public TimeRange {
        if (!from.getZone().equals(to.getZone())) {
            throw new IllegalArgumentException("both ends of a range must be in the same zone");
        }
    }

    public ZoneId zone() {
        return from.getZone();
    }

    public Instant fromInstant() {
        return from.toInstant();
    }

    public Instant toInstant() {
        return to.toInstant();
    }

    public Duration length() {
        return Duration.between(from.toInstant(), to.toInstant());
    }

    /** Both ends at the start of a day in the zone: day-level roll-ups can answer for it. */
    public boolean wholeDays() {
        return startOfDay(from) && startOfDay(to);
    }

    /** Both ends at the start of a month (e.g. {@code lastMonth}): the previous period is counted in months. */
    public boolean wholeMonths() {
        return wholeDays() && from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1;
    }

    /** Both ends on a whole minute: minute-level roll-ups can answer for it. */
    public boolean wholeMinutes() {
        return from.toInstant().truncatedTo(ChronoUnit.MINUTES).equals(from.toInstant())
                && to.toInstant().truncatedTo(ChronoUnit.MINUTES).equals(to.toInstant());
    }

    private static boolean startOfDay(ZonedDateTime t) {
        return t.equals(t.toLocalDate().atStartOfDay(t.getZone()));
    }
}
