package cn.haikou.mediation.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * When disputes arrive, in the pack's local time: a daily curve (quiet at night, peaks late in the
 * morning and in the afternoon, when people call the hotline and walk into offices), fewer cases at
 * weekends and over the Spring Festival, and more tourism and consumer disputes in Hainan's winter
 * high season (November to March), at weekends and over the Spring Festival.
 *
 * <p>The factors average 1 over an ordinary week, so that {@code casesPerHour} is the mean rate.
 */
final class Rhythm {

    /** Calls per hour of the day, relative; normalised to a mean of 1 below. */
    private static final double[] HOURLY = {
            0.22, 0.14, 0.10, 0.08, 0.08, 0.12, 0.30, 0.65,   // 00-07
            1.15, 1.65, 1.95, 1.85, 1.20, 1.10, 1.55, 1.85,   // 08-15
            1.75, 1.45, 1.05, 0.95, 0.85, 0.65, 0.45, 0.32};  // 16-23
    private static final double[] CURVE = normalise(HOURLY);

    /** Five weekdays at 1.06 and two weekend days at 0.85 average 1.0. */
    private static final double WEEKDAY = 1.06;
    private static final double WEEKEND = 0.85;
    private static final double FESTIVAL = 0.75;

    /** Lunar new year's day (正月初一), which moves each year; the holiday runs from the eve for a week. */
    private static final Map<Integer, LocalDate> SPRING_FESTIVAL = Map.ofEntries(
            Map.entry(2015, LocalDate.of(2015, 2, 19)), Map.entry(2016, LocalDate.of(2016, 2, 8)),
            Map.entry(2017, LocalDate.of(2017, 1, 28)), Map.entry(2018, LocalDate.of(2018, 2, 16)),
            Map.entry(2019, LocalDate.of(2019, 2, 5)), Map.entry(2020, LocalDate.of(2020, 1, 25)),
            Map.entry(2021, LocalDate.of(2021, 2, 12)), Map.entry(2022, LocalDate.of(2022, 2, 1)),
            Map.entry(2023, LocalDate.of(2023, 1, 22)), Map.entry(2024, LocalDate.of(2024, 2, 10)),
            Map.entry(2025, LocalDate.of(2025, 1, 29)), Map.entry(2026, LocalDate.of(2026, 2, 17)),
            Map.entry(2027, LocalDate.of(2027, 2, 6)), Map.entry(2028, LocalDate.of(2028, 1, 26)),
            Map.entry(2029, LocalDate.of(2029, 2, 13)), Map.entry(2030, LocalDate.of(2030, 2, 3)),
            Map.entry(2031, LocalDate.of(2031, 1, 23)), Map.entry(2032, LocalDate.of(2032, 2, 11)),
            Map.entry(2033, LocalDate.of(2033, 1, 31)), Map.entry(2034, LocalDate.of(2034, 2, 19)),
            Map.entry(2035, LocalDate.of(2035, 2, 8)));
    private static final Set<String> CHINA_ZONES = Set.of("Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking",
            "Asia/Harbin", "Asia/Urumqi", "Asia/Kashgar", "PRC");

    /** Case type codes whose share follows the tourist seasons (codes of the Haikou pack). */
    static final String TOURISM = "tourism";
    static final String CONSUMER = "consumer";

    private final ZoneId zone;
    private final boolean lunarCalendar;

    Rhythm(ZoneId zone) {
        this.zone = zone;
        this.lunarCalendar = CHINA_ZONES.contains(zone.getId());
    }

    /** The arrival rate at {@code t} relative to the mean. */
    double rate(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        double day = festival(local.toLocalDate()) ? FESTIVAL : weekend(local) ? WEEKEND : WEEKDAY;
        return CURVE[local.getHour()] * day;
    }

    /** How much more likely a case of {@code typeCode} is at {@code local} than its pack weight says. */
    double typeBoost(String typeCode, ZonedDateTime local) {
        boolean tourism = TOURISM.equals(typeCode);
        if (!tourism && !CONSUMER.equals(typeCode)) {
            return 1.0;
        }
        double boost = 1.0;
        if (highSeason(local.toLocalDate())) {
            boost *= tourism ? 1.8 : 1.3;
        }
        if (weekend(local)) {
            boost *= tourism ? 1.5 : 1.2;
        }
        if (festival(local.toLocalDate())) {
            boost *= tourism ? 2.5 : 1.6;
        }
        return boost;
    }

    /** Hainan's tourist high season: November to March. */
    static boolean highSeason(LocalDate date) {
        int m = date.getMonthValue();
        return m >= 11 || m <= 3;
    }

    /** From the lunar new year's eve to the sixth day (the national holiday), for packs in China. */
    boolean festival(LocalDate date) {
        if (!lunarCalendar) {
            return false;
        }
        LocalDate newYear = SPRING_FESTIVAL.get(date.getYear());
        if (newYear == null) {
            return false;
        }
        long day = ChronoUnit.DAYS.between(newYear, date);
        return day >= -1 && day <= 6;
    }

    private static boolean weekend(ZonedDateTime local) {
        DayOfWeek d = local.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }

    private static double[] normalise(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * values.length / sum;
        }
        return out;
    }
}
