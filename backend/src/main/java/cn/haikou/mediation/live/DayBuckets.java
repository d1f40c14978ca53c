package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The last {@value #DAYS} days of the per-minute roll-up, folded into days of the city's time
 * zone (plus received/closed counts per hour for the 24 h trend). Seeded from ClickHouse at
 * start-up and then advanced by every event the wall counts (queued, or stored; taken back if its
 * write fails), so that no screen ever causes a query.
 * Confined to the live verticle's context.
 */
final class DayBuckets {

    static final int DAYS = 31;

    private final ZoneId zone;
    private final TreeMap<LocalDate, Map<RollupKey, Sums>> days = new TreeMap<>();
    private final TreeMap<LocalDate, long[][]> hours = new TreeMap<>();

    DayBuckets(ZoneId zone) {
        this.zone = zone;
    }

    /** The first day the window holds when {@code today} is today. */
    static LocalDate firstDay(LocalDate today) {
        return today.minusDays(DAYS - 1);
    }

    /** Adds an event if it falls within the window; false if it does not (the caller counts it elsewhere). */
    boolean add(CaseEvent e, LocalDate today) {
        ZonedDateTime t = e.eventTime().atZone(zone);
        LocalDate day = t.toLocalDate();
        if (!inWindow(day, today)) {
            return false;
        }
        days.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(key(e), k -> new Sums()).add(e);
        countHour(day, t.getHour(), e.kind().code(), 1);
        return true;
    }

    /** Takes back an event {@link #add added} before; false if it lies outside the window. */
    boolean remove(CaseEvent e, LocalDate today) {
        ZonedDateTime t = e.eventTime().atZone(zone);
        LocalDate day = t.toLocalDate();
        if (!inWindow(day, today)) {
            return false;
        }
        Map<RollupKey, Sums> cells = days.get(day);
        RollupKey key = key(e);
        Sums sums = cells == null ? null : cells.get(key);
        if (sums != null) {
            sums.subtract(e);
            if (sums.events <= 0) {
                cells.remove(key);
            }
            countHour(day, t.getHour(), e.kind().code(), -1);
        }
        return true;
    }

    private static boolean inWindow(LocalDate day, LocalDate today) {
        return !day.isBefore(firstDay(today)) && !day.isAfter(today.plusDays(1));
    }

    private static RollupKey key(CaseEvent e) {
        return new RollupKey(e.district(), e.town(), e.caseType(), e.channel(), e.kind().code());
    }

    /** Seeds one roll-up cell (already summed over a day and hour). */
    void seed(LocalDate day, int hour, RollupKey key, Sums sums) {
        days.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(key, k -> new Sums()).add(sums);
        countHour(day, hour, key.kind(), sums.events);
    }

    /** Drops days that left the window (at midnight). */
    void trim(LocalDate today) {
        days.headMap(firstDay(today)).clear();
        hours.headMap(today.minusDays(1)).clear();
    }

    /** Visits every cell of the days in [{@code from}, {@code to}] whose key passes {@code filter}. */
    void forEach(LocalDate from, LocalDate to, Predicate<RollupKey> filter, BiConsumer<RollupKey, Sums> visit) {
        for (Map<RollupKey, Sums> cells : days.subMap(from, true, to, true).values()) {
            cells.forEach((k, s) -> {
                if (filter.test(k)) {
                    visit.accept(k, s);
                }
            });
        }
    }

    /** Sums of all cells of kind {@code kind} over [{@code from}, {@code to}]. */
    Sums total(LocalDate from, LocalDate to, String kind) {
        Sums out = new Sums();
        forEach(from, to, k -> k.kind().equals(kind), (k, s) -> out.add(s));
        return out;
    }

    /** Received ([0]) and closed ([1]) events per hour of {@code day}. */
    long[][] hours(LocalDate day) {
        return hours.getOrDefault(day, new long[2][24]);
    }

    LocalDate day(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    private void countHour(LocalDate day, int hour, String kind, long n) {
        int series = "received".equals(kind) ? 0 : ("mediated".equals(kind) || "failed".equals(kind)) ? 1 : -1;
        if (series >= 0 && (n > 0 || hours.containsKey(day))) {
            hours.computeIfAbsent(day, d -> new long[2][24])[series][hour] += n;
        }
    }
}
