package cn.haikou.mediation.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The direct path must agree with the JDK's parser on everything it accepts, and refuse what the JDK refuses. */
class IsoInstantTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T15:04:05+08:00", "2026-11-30T15:04:05Z", "2026-11-30T15:04:05.1Z",
            "2026-11-30T15:04:05.123+08:00", "2026-11-30T15:04:05.123456789-05:30", "2024-02-29T23:59:59Z",
            "2000-01-01T00:00:00-00:00", "2026-12-31T23:59:59.999+14:00", "2026-11-30T15:04:05+17:59"})
    void theCommonShapeReadsAsTheJdkReadsIt(String text) {
        assertNotNull(IsoInstant.commonShape(text), "direct path taken");
        assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T15:04+08:00", "2026-11-30t15:04:05z", "2026-11-30T15:04:05+08:00:30",
            "2026-11-30T15:04:05.Z"})
    void otherValidShapesFallThroughToTheJdk(String text) {
        assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-30T24:00:00Z",
            "2026-11-30T15:60:00Z", "2026-11-30T15:04:60Z", "2026-11-30T15:04:05",
            "2026-11-30T15:04:05.1234567890Z", "2026-11-30T15:04:05+19:00", "2026-11-30 15:04:05Z", "2026-1-30T15:04:05Z",
            "2026-11-30T15:04:05+08:60", "２０２６-11-30T15:04:05Z", "2026-11-30T15:04:05Z ", "not a time"})
    void whatTheJdkRefusesIsRefused(String text) {
        assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(text), "the corpus holds only invalid times");
        assertThrows(DateTimeParseException.class, () -> IsoInstant.parse(text));
    }

    @Test
    void randomInstantsInEveryOffsetAndPrecisionAgree() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(946_684_800L, 4_102_444_800L), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-17 * 60, 17 * 60 + 1) * 60);
            String text = OffsetDateTime.ofInstant(instant, offset).toString();
            assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstant.parse(text), text);
        }
    }
}
