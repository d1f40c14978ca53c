package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.Migrations;
import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.storage.Storage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sql/V002 on a store that already holds events: the new roll-ups are back-filled, exactly once. */
class RollupMigrationTest {

    /** The same cells computed from case_events and from the roll-ups must agree. */
    private static final String SUMS_FROM_EVENTS = """
            SELECT count() AS n, sum(cityHash64(day, district, case_type, kind, events, on_time, satisfied, duration_ms_sum,
                   toString(amount_recovered))) AS h
            FROM (SELECT toDate(event_time, 'Asia/Shanghai') AS day, district, case_type, kind, count() AS events,
                         countIf((kind = 'accepted' AND event_time <= accept_due_at)
                              OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at)) AS on_time,
                         countIf(satisfaction >= 4) AS satisfied,
                         sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))) AS duration_ms_sum,
                         sum(amount_recovered) AS amount_recovered
                  FROM case_events GROUP BY day, district, case_type, kind)""";
    private static final String SUMS_FROM_ROLLUP = """
            SELECT count() AS n, sum(cityHash64(day, district, case_type, kind, events, on_time, satisfied, duration_ms_sum,
                   toString(amount_recovered))) AS h
            FROM (SELECT day, district, case_type, kind, sum(events) AS events, sum(on_time) AS on_time,
                         sum(satisfied) AS satisfied, sum(duration_ms_sum) AS duration_ms_sum, sum(amount_recovered) AS amount_recovered
                  FROM events_by_day_type GROUP BY day, district, case_type, kind)""";
    private static final String QUANTILES_FROM_EVENTS = """
            SELECT count() AS n, sum(cityHash64(day, district, case_type, kind, q)) AS h
            FROM (SELECT toDate(event_time, 'Asia/Shanghai') AS day, district, case_type, kind,
                         quantilesExact(0.5, 0.9, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))) AS q
                  FROM case_events WHERE kind IN ('accepted', 'mediated', 'failed') GROUP BY day, district, case_type, kind)""";
    private static final String QUANTILES_FROM_ROLLUP = """
            SELECT count() AS n, sum(cityHash64(day, district, case_type, kind, q)) AS h
            FROM (SELECT day, district, case_type, kind, quantilesExactMerge(0.5, 0.9, 0.99)(duration_ms) AS q
                  FROM durations_by_day GROUP BY day, district, case_type, kind)""";

    private static final String MEDIATORS_FROM_EVENTS = """
            SELECT count() AS n, sum(cityHash64(mediator, events, last_seen)) AS h
            FROM (SELECT mediator, count() AS events, max(event_time) AS last_seen FROM case_events WHERE mediator != '' GROUP BY mediator)""";
    private static final String MEDIATORS_FROM_ROLLUP = """
            SELECT count() AS n, sum(cityHash64(mediator, events, last_seen)) AS h
            FROM (SELECT mediator, sum(events) AS events, max(last_seen) AS last_seen FROM mediators_seen GROUP BY mediator)""";

    @Test
    @DisplayName("V002 back-fills its roll-ups from existing events; running it again adds nothing")
    void backfillsOnce() throws Exception {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("clickhouse").put("dataDir", Files.createTempDirectory("analytics-migration").toString());
        AppConfig config = ConfigLoader.withOverrides(o);
        List<Migrations.Migration> all = Migrations.fromClasspath("sql");
        Migrations.Migration v002 = all.stream().filter(m -> m.version() == 2).findFirst().orElseThrow();
        try (ClickHouse ch = Storage.connect(config.clickhouse())) {
            assertThat(new Migrations(ch, all.subList(0, 1), Map.of()).apply()).isEqualTo(1);
            ch.execute("""
                    INSERT INTO case_events (event_id, case_id, kind, event_time, received_at, ingested_at, source, district, town,
                        case_type, channel, committee, mediator, parties, amount_involved, amount_recovered, satisfaction, outcome,
                        accept_due_at, close_due_at, caller_name, caller_phone, address, summary, attributes)
                    SELECT concat('e', toString(number)), concat('c', toString(intDiv(number, 4))),
                           ['received', 'accepted', 'mediated', 'failed'][1 + number % 4] AS k,
                           toDateTime64('2025-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number * 997) AS t,
                           t - toIntervalSecond(cityHash64(number) % 3000000), t, 'test',
                           ['460105', '460106'][1 + cityHash64(number, 1) % 2], '', ['labour', 'tourism', 'other'][1 + number % 3],
                           'phone', '', if(number % 4 >= 2, concat('m', toString(number % 7)), ''), 1, 0, toDecimal64(number % 1000, 2), toUInt8(number % 6), '',
                           t, t - toIntervalSecond(cityHash64(number, 2) % 2000000), '', '', '', '', map()
                    FROM numbers(5000)""");
            assertThat(ch.query("SELECT count() AS n FROM case_events").single().getLong("n")).isEqualTo(5000);

            int latest = all.get(all.size() - 1).version();
            assertThat(new Migrations(ch, all, Map.of()).apply()).isEqualTo(latest);
            assertSame(ch, SUMS_FROM_EVENTS, SUMS_FROM_ROLLUP);
            assertSame(ch, QUANTILES_FROM_EVENTS, QUANTILES_FROM_ROLLUP);
            assertSame(ch, MEDIATORS_FROM_EVENTS, MEDIATORS_FROM_ROLLUP);

            // As if V002 had been interrupted after its back-fill and run again.
            List<Migrations.Migration> again = new java.util.ArrayList<>(all);
            again.add(new Migrations.Migration(latest + 1, "V" + (latest + 1) + "__again.sql", v002.sql(), "x"));
            new Migrations(ch, again, Map.of()).apply();
            assertSame(ch, SUMS_FROM_EVENTS, SUMS_FROM_ROLLUP);
            assertSame(ch, QUANTILES_FROM_EVENTS, QUANTILES_FROM_ROLLUP);
            assertSame(ch, MEDIATORS_FROM_EVENTS, MEDIATORS_FROM_ROLLUP);
        }
    }

    private static void assertSame(ClickHouse ch, String expectedSql, String actualSql) {
        Row expected = ch.query(expectedSql).single();
        Row actual = ch.query(actualSql).single();
        assertThat(expected.getLong("n")).isPositive();
        assertThat(actual.toString()).isEqualTo(expected.toString());
    }
}
