package cn.haikou.mediation.storage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Text forms of instants as ClickHouse reads and prints them for {@code DateTime64(3, 'UTC')}. */
public final class ClickHouseTime {

    private static final DateTimeFormatter PRINT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private ClickHouseTime() {
    }

    /** {@code 2026-11-30 07:45:00.123}: the UTC wall-clock form a DateTime64(3,'UTC') accepts. */
    public static String formatUtc(Instant instant) {
        return PRINT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    public static Instant parseUtc(String text) {
        return LocalDateTime.parse(text, PARSE).toInstant(ZoneOffset.UTC);
    }
}
