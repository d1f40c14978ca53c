package cn.haikou.mediation.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * ISO-8601 times with the pack's offset, e.g. {@code 2024-01-15T08:30:12.345+08:00}, formatted by
 * hand: a backfill formats half a million of them, and DateTimeFormatter costs ten times as much.
 */
final class IsoTimes {

    private final ZoneRules rules;
    private final ZoneOffset fixed;

    IsoTimes(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    }

    String format(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        ZoneOffset offset = fixed != null ? fixed : rules.getOffset(Instant.ofEpochSecond(seconds));
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, millis * 1_000_000, offset);
        char[] c = new char[29];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, millis, 3);
        int total = offset.getTotalSeconds();
        if (total == 0) {
            c[23] = 'Z';
            return new String(c, 0, 24);
        }
        c[23] = total < 0 ? '-' : '+';
        int abs = Math.abs(total);
        digits(c, 24, abs / 3600, 2);
        c[26] = ':';
        digits(c, 27, abs / 60 % 60, 2);
        return new String(c, 0, 29);
    }

    private static void digits(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
