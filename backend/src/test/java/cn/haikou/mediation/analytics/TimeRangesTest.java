package cn.haikou.mediation.analytics;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The clock in UTC, as servers run: the range logic must still count days in the pack zone. */
    private static TimeRanges at(String utcInstant) {
        return new TimeRanges(Clock.fixed(Instant.parse(utcInstant), ZoneOffset.UTC), SHANGHAI);
    }

    private static void assertDays(TimeRange r, String from, String to) {
        assertThat(r.from()).isEqualTo(LocalDate.parse(from).atStartOfDay(SHANGHAI));
        assertThat(r.to()).isEqualTo(LocalDate.parse(to).atStartOfDay(SHANGHAI));
    }

    @Nested
    @DisplayName("relative ranges roll over at midnight in Asia/Shanghai, not UTC")
    class Midnight {
        // 2026-03-31 23:59:59.999 and 2026-04-01 00:00:00.000 in Shanghai (UTC+8).
        final TimeRanges before = at("2026-03-31T15:59:59.999Z");
        final TimeRanges after = at("2026-03-31T16:00:00Z");

        @Test
        void today() {
            assertDays(before.relative("today"), "2026-03-31", "2026-04-01");
            assertDays(after.relative("today"), "2026-04-01", "2026-04-02");
        }

        @Test
        void yesterday() {
            assertDays(before.relative("yesterday"), "2026-03-30", "2026-03-31");
            assertDays(after.relative("yesterday"), "2026-03-31", "2026-04-01");
        }

        @Test
        void lastDays() {
            assertDays(before.relative("last7d"), "2026-03-25", "2026-04-01");
            assertDays(after.relative("last7d"), "2026-03-26", "2026-04-02");
            assertDays(before.relative("last30d"), "2026-03-02", "2026-04-01");
            assertDays(after.relative("last30d"), "2026-03-03", "2026-04-02");
        }

        @Test
        void months() {
            assertDays(before.relative("thisMonth"), "2026-03-01", "2026-04-01");
            assertDays(after.relative("thisMonth"), "2026-04-01", "2026-04-02");
            assertDays(before.relative("lastMonth"), "2026-02-01", "2026-03-01");
            assertDays(after.relative("lastMonth"), "2026-03-01", "2026-04-01");
        }

        @Test
        void weeks() {
            // 2026-03-31 is a Tuesday; weeks start on Monday.
            assertDays(before.relative("thisWeek"), "2026-03-30", "2026-04-01");
            assertDays(after.relative("thisWeek"), "2026-03-30", "2026-04-02");
            assertDays(after.relative("lastWeek"), "2026-03-23", "2026-03-30");
        }

        @Test
        void years() {
            TimeRanges newYearsEve = at("2025-12-31T15:59:59Z");
            TimeRanges newYear = at("2025-12-31T16:00:00Z");
            assertDays(newYearsEve.relative("thisYear"), "2025-01-01", "2026-01-01");
            assertDays(newYear.relative("thisYear"), "2026-01-01", "2026-01-02");
            assertDays(newYear.relative("lastYear"), "2025-01-01", "2026-01-01");
        }

        @Test
        void unknownName() {
            assertThatThrownBy(() -> before.relative("lastFortnight"))
                    .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.field()).isEqualTo("range"));
        }
    }

    @Nested
    @DisplayName("explicit ranges")
    class Explicit {
        final TimeRanges ranges = at("2026-11-30T00:00:00Z");

        @Test
        @DisplayName("dates are local midnights with to exclusive; instants keep their instant")
        void parses() {
            assertDays(ranges.between("2026-01-01", "2026-02-01"), "2026-01-01", "2026-02-01");
            TimeRange r = ranges.between("2026-01-01T08:30:00+08:00", "2026-01-01T01:00:00Z");
            assertThat(r.fromInstant()).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
            assertThat(r.toInstant()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
            assertThat(r.from().getZone()).isEqualTo(SHANGHAI);
            assertThat(ranges.between("2026-01-01T08:30", "2026-01-02").fromInstant()).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
            // "+08:00" sent without URL-encoding reaches the server as " 08:00".
            assertThat(ranges.between("2026-01-01T08:30:00 08:00", "2026-01-02").fromInstant())
                    .isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
        }

        @Test
        void refusesBadInput() {
            assertRefused("2026-02-01", "2026-01-01", "to", "empty_range");
            assertRefused("2026-01-01", "2026-01-01", "to", "empty_range");
            assertRefused("2026-13-01", "2026-12-01", "from", "invalid_time");
            assertRefused("2026-02-30", "2026-12-01", "from", "invalid_time");
            assertRefused("yesterday", "2026-12-01", "from", "invalid_time");
            assertRefused("1999-12-31", "2026-12-01", "from", "out_of_range");
            assertRefused("2026-01-01", "+999999999-12-31", "to", "invalid_time");
            assertRefused("2026-01-01", null, "to", "required");
        }

        private void assertRefused(String from, String to, String field, String code) {
            assertThatThrownBy(() -> ranges.between(from, to)).isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.code()).isEqualTo(code);
            });
        }
    }

    @Nested
    @DisplayName("comparison periods")
    class Comparisons {
        final TimeRanges ranges = at("2026-11-30T00:00:00Z");

        @Test
        @DisplayName("环比 of whole months is the same number of months before; a missing day has no counterpart")
        void previousMonths() {
            TimeRange march = ranges.between("2026-03-01", "2026-04-01");
            Comparison previous = ranges.previous(march);
            assertDays(previous.range(), "2026-02-01", "2026-03-01");
            ZonedDateTime march31 = LocalDate.of(2026, 3, 31).atStartOfDay(SHANGHAI);
            assertThat(previous.shift().apply(march31)).isEmpty();
            assertThat(previous.shift().apply(march31.minusDays(3))).contains(LocalDate.of(2026, 2, 28).atStartOfDay(SHANGHAI));
        }

        @Test
        @DisplayName("环比 of whole days is as many days before; of instants the same duration before")
        void previousDays() {
            Comparison previous = ranges.previous(ranges.between("2026-03-05", "2026-03-15"));
            assertDays(previous.range(), "2026-02-23", "2026-03-05");
            Comparison hours = ranges.previous(ranges.between("2026-03-05T10:00:00+08:00", "2026-03-05T13:00:00+08:00"));
            assertThat(hours.range().fromInstant()).isEqualTo(Instant.parse("2026-03-04T23:00:00Z"));
            assertThat(hours.range().toInstant()).isEqualTo(Instant.parse("2026-03-05T02:00:00Z"));
        }

        @Test
        @DisplayName("同比 is the same dates a year earlier; 29 February has no counterpart")
        void yearEarlier() {
            Comparison yoy = ranges.yearEarlier(ranges.between("2028-02-01", "2028-03-01"));
            assertDays(yoy.range(), "2027-02-01", "2027-03-01");
            assertThat(yoy.shift().apply(LocalDate.of(2028, 2, 29).atStartOfDay(SHANGHAI))).isEmpty();
            assertThat(yoy.shift().apply(LocalDate.of(2028, 2, 28).atStartOfDay(SHANGHAI)))
                    .contains(LocalDate.of(2027, 2, 28).atStartOfDay(SHANGHAI));
        }
    }
}
