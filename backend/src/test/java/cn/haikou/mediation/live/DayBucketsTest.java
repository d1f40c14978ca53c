package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Taking an event back (a queued event whose write failed) undoes exactly what adding it did. */
@DisplayName("Day buckets")
class DayBucketsTest {

    @Test
    @DisplayName("adding events and removing some leaves every measure as if only the rest had been added")
    void removeUndoesAdd() throws Exception {
        Pack pack = Pack.load("haikou");
        EventParser parser = new EventParser(pack, Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(pack.zone());
        List<CaseEvent> events = new ArrayList<>();
        for (JsonObject e : RandomCases.generate(11, 400, now)) {
            events.add(parser.parse(json.readTree(e.encode()), "test"));
        }

        DayBuckets all = new DayBuckets(pack.zone());
        DayBuckets kept = new DayBuckets(pack.zone());
        int inWindow = 0;
        for (int i = 0; i < events.size(); i++) {
            if (all.add(events.get(i), today)) {
                inWindow++;
            }
            if (i % 3 != 0) {
                kept.add(events.get(i), today);
            }
        }
        for (int i = 0; i < events.size(); i += 3) {
            all.remove(events.get(i), today);
        }

        assertThat(inWindow).as("events inside the window, so that the comparison means something").isGreaterThan(300);
        assertThat(cells(all, today)).isEqualTo(cells(kept, today)).isNotEmpty();
        for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
            assertThat(Arrays.deepToString(all.hours(day))).as("hours of %s", day).isEqualTo(Arrays.deepToString(kept.hours(day)));
        }
    }

    /** Every non-empty cell of the window with all its measures, as text. */
    private static Map<String, String> cells(DayBuckets buckets, LocalDate today) {
        Map<String, String> out = new TreeMap<>();
        for (LocalDate day = DayBuckets.firstDay(today); !day.isAfter(today.plusDays(1)); day = day.plusDays(1)) {
            LocalDate d = day;
            buckets.forEach(day, day, k -> true, (k, s) -> {
                if (s.events != 0) {
                    out.put(d + " " + k, s.events + "/" + s.parties + "/" + s.massEvents + "/" + s.amountInvolvedFen + "/"
                            + s.amountRecoveredFen + "/" + s.satisfactionSum + "/" + s.satisfied + "/" + s.onTime + "/" + s.durationMs);
                }
            });
        }
        return out;
    }
}
