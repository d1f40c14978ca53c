package cn.haikou.mediation.analytics;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every rule about request time ranges, in the pack's zone: parsing {@code from}/{@code to},
 * the relative ranges ({@code today}, {@code last7d}, ...) computed from the clock at request time,
 * and the comparison periods. Relative ranges always end at the start of tomorrow (or of the
 * current day for {@code yesterday}/{@code last*}), so they roll over exactly at local midnight.
 */
public final class TimeRanges {

    /** The relative range names, in the order the dimensions endpoint lists them. */
    public static final List<String> RELATIVE = List.of("today", "yesterday", "last7d", "last30d", "last90d",
            "thisWeek", "lastWeek", "thisMonth", "lastMonth", "thisYear", "lastYear");

    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2100, 1, 1);
    private static final int MAX_TIME_TEXT = 40;

    private final Clock clock;
    private final ZoneId zone;

    public TimeRanges(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * A named range relative to today in the pack zone. {@code last7d} and {@code last30d} are the
     * 7 / 30 days ending with today (today included); {@code thisWeek} (weeks start on Monday),
     * {@code thisMonth} and {@code thisYear} run from their first day up to the end of today.
     */
    public TimeRange relative(String name) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate tomorrow = today.plusDays(1);
        return switch (name) {
            case "today" -> days(today, tomorrow);
            case "yesterday" -> days(today.minusDays(1), today);
            case "last7d" -> days(today.minusDays(6), tomorrow);
            case "last30d" -> days(today.minusDays(29), tomorrow);
            case "last90d" -> days(today.minusDays(89), tomorrow);
            case "thisWeek" -> days(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), tomorrow);
            case "lastWeek" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield days(monday.minusWeeks(1), monday);
            }
            case "thisMonth" -> days(today.withDayOfMonth(1), tomorrow);
            case "lastMonth" -> days(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
            case "thisYear" -> days(today.withDayOfYear(1), tomorrow);
            case "lastYear" -> days(today.withDayOfYear(1).minusYears(1), today.withDayOfYear(1));
            default -> throw new InvalidQueryException("range", "unknown_range",
                    "unknown range '" + name + "'; use one of " + String.join(", ", RELATIVE) + ", or from and to");
        };
    }

    /** An explicit range; {@code to} is exclusive, so {@code from=2026-01-01&to=2026-02-01} is January. */
    public TimeRange between(String fromText, String toText) {
        ZonedDateTime from = parse("from", fromText);
        ZonedDateTime to = parse("to", toText);
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("to", "empty_range", "to (" + toText + ") must be after from (" + fromText + ")");
        }
        return new TimeRange(from, to);
    }

    /**
     * A time as {@code yyyy-MM-dd} (start of that day in the pack zone), an ISO instant with an
     * offset ({@code 2026-01-01T08:00:00+08:00}, {@code ...Z}), or a local date-time without one
     * (read in the pack zone).
     */
    public ZonedDateTime parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidQueryException(field, "required", field + " is required (yyyy-MM-dd or an ISO time)");
        }
        if (text.length() > MAX_TIME_TEXT) {
            throw new InvalidQueryException(field, "invalid_time", field + " is not a date or time");
        }
        // An unencoded '+' of an offset arrives as a space after form decoding: read it as the '+' it was.
        ZonedDateTime t = tryParse(text.trim().replaceFirst(" (\\d\\d:?\\d\\d)$", "+$1"));
        if (t == null) {
            throw new InvalidQueryException(field, "invalid_time",
                    field + " must be a date (2026-01-31) or an ISO time (2026-01-31T08:00:00+08:00)");
        }
        if (t.toLocalDate().isBefore(EARLIEST) || t.toLocalDate().isAfter(LATEST)) {
            throw new InvalidQueryException(field, "out_of_range", field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return t;
    }

    private ZonedDateTime tryParse(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text).atZoneSameInstant(zone);
            }
            return LocalDateTime.parse(text).atZone(zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * 环比: the range of the same length immediately before. Whole calendar months compare with
     * the same number of months before (March with February), whole days with as many days
     * before, anything else with the same duration before.
     */
    public Comparison previous(TimeRange range) {
        ZonedDateTime from = range.from();
        if (range.wholeMonths()) {
            long months = ChronoUnit.MONTHS.between(from.toLocalDate(), range.to().toLocalDate());
            return new Comparison(Comparison.PREVIOUS, days(from.toLocalDate().minusMonths(months), from.toLocalDate()),
                    sameDayOfMonth(t -> t.minusMonths(months)));
        }
        if (range.wholeDays()) {
            long days = ChronoUnit.DAYS.between(from.toLocalDate(), range.to().toLocalDate());
            return new Comparison(Comparison.PREVIOUS, days(from.toLocalDate().minusDays(days), from.toLocalDate()),
                    t -> Optional.of(t.minusDays(days)));
        }
        Duration length = range.length();
        return new Comparison(Comparison.PREVIOUS, new TimeRange(from.minus(length), from), t -> Optional.of(t.minus(length)));
    }

    /** 同比: the same range one year earlier (same local dates and times). */
    public Comparison yearEarlier(TimeRange range) {
        TimeRange earlier = new TimeRange(range.from().minusYears(1), range.to().minusYears(1));
        return new Comparison(Comparison.YEAR_ON_YEAR, earlier, sameDayOfMonth(t -> t.minusYears(1)));
    }

    private static Function<ZonedDateTime, Optional<ZonedDateTime>> sameDayOfMonth(Function<ZonedDateTime, ZonedDateTime> shift) {
        return t -> {
            ZonedDateTime shifted = shift.apply(t);
            return shifted.getDayOfMonth() == t.getDayOfMonth() ? Optional.of(shifted) : Optional.empty();
        };
    }

    private TimeRange days(LocalDate from, LocalDate to) {
        return new TimeRange(from.atStartOfDay(zone), to.atStartOfDay(zone));
    }
}
