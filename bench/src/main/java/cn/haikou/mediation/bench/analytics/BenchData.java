package cn.haikou.mediation.bench.analytics;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import cn.haikou.mediation.storage.ClickHouse;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills case_events with synthetic history straight through the storage layer ({@code INSERT ...
 * SELECT} from {@code numbers()}): data preparation for the benchmark, not the ingest path. The
 * materialized views fill the roll-ups as they would on ingest.
 *
 * <p>Every case has six events (received, dispatched, accepted, assigned, mediated or failed,
 * followed up), so {@code events / 6} cases are spread evenly over the span. Dimensions are drawn
 * uniformly from the pack, with 500 mediators: uniform draws give the roll-ups the most distinct
 * rows per day, the worst case for them.
 */
final class BenchData {

    static final Instant START = Instant.parse("2021-10-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    static final int EVENTS_PER_CASE = 6;
    static final int MEDIATORS = 500;
    private static final long CHUNK = 1_000_000;

    private static final String INSERT = """
            INSERT INTO case_events (event_id, case_id, kind, event_time, received_at, ingested_at, source, district, town,
                case_type, channel, committee, mediator, parties, amount_involved, amount_recovered, satisfaction, outcome,
                accept_due_at, close_due_at, caller_name, caller_phone, address, summary, attributes)
            SELECT
                concat('b', toString(n)) AS event_id,
                concat('c', toString(c)) AS case_id,
                multiIf(slot = 0, 'received', slot = 1, 'dispatched', slot = 2, 'accepted', slot = 3, 'assigned',
                        slot = 4, if(success, 'mediated', 'failed'), 'followed_up') AS kind,
                received + toIntervalMillisecond(offset_ms) AS event_time,
                received AS received_at,
                received + toIntervalMillisecond(offset_ms) AS ingested_at,
                'bench' AS source,
                {districts:Array(String)}[place] AS district,
                {towns:Array(String)}[place] AS town,
                {types:Array(String)}[type_index] AS case_type,
                {channels:Array(String)}[1 + cityHash64(c, 3) % length({channels:Array(String)})] AS channel,
                if(slot >= 3, {committees:Array(String)}[1 + cityHash64(c, 4) % length({committees:Array(String)})], '') AS committee,
                if(slot >= 3, concat('调解员', toString(cityHash64(c, 5) % {mediators:UInt32})), '') AS mediator,
                toUInt32(if(cityHash64(c, 6) % 10 = 0, 5 + cityHash64(c, 7) % 30, 1 + cityHash64(c, 7) % 3)) AS parties,
                if(slot = 4, CAST(involved_fen AS Decimal(18, 2)) / 100, toDecimal64(0, 2)) AS amount_involved,
                if(slot = 4 AND success, CAST(intDiv(involved_fen * (50 + cityHash64(c, 8) % 51), 100) AS Decimal(18, 2)) / 100,
                   toDecimal64(0, 2)) AS amount_recovered,
                toUInt8(if(slot = 5, 1 + cityHash64(c, 9) % 5, 0)) AS satisfaction,
                '' AS outcome,
                received + toIntervalHour(2) AS accept_due_at,
                received + toIntervalDay({close_days:Array(UInt16)}[type_index]) AS close_due_at,
                '' AS caller_name, '' AS caller_phone, '' AS address, '' AS summary, map() AS attributes
            FROM
            (
                SELECT
                    number AS n,
                    intDiv(number, 6) AS c,
                    number % 6 AS slot,
                    toDateTime64({start:DateTime64(3, 'UTC')}, 3, 'UTC')
                        + toIntervalMillisecond(intDiv(c * {span_ms:UInt64}, {cases:UInt64}) + cityHash64(c, 0) % 600000) AS received,
                    60000 + cityHash64(c, 11) % 3540000 AS d1,
                    300000 + cityHash64(c, 12) % 14100000 AS d2,
                    600000 + cityHash64(c, 13) % 86400000 AS d3,
                    3600000 + cityHash64(c, 14) % 3456000000 AS d4,
                    3600000 + cityHash64(c, 15) % 432000000 AS d5,
                    multiIf(slot = 0, 0, slot = 1, d1, slot = 2, d1 + d2, slot = 3, d1 + d2 + d3, slot = 4, d1 + d2 + d3 + d4,
                            d1 + d2 + d3 + d4 + d5) AS offset_ms,
                    1 + cityHash64(c, 1) % length({towns:Array(String)}) AS place,
                    1 + cityHash64(c, 2) % length({types:Array(String)}) AS type_index,
                    cityHash64(c, 10) % 100 < 85 AS success,
                    if(cityHash64(c, 16) % 3 = 0, 0, cityHash64(c, 17) % 100000000) AS involved_fen
                FROM numbers({from:UInt64}, {count:UInt64})
            )""";

    private BenchData() {
    }

    /** Inserts events {@code [0, total)} in chunks of a million, reporting progress. */
    static Duration fill(ClickHouse clickHouse, Pack pack, long total, PrintWriter out) {
        Map<String, Object> params = parameters(pack, total);
        long started = System.nanoTime();
        for (long from = 0; from < total; from += CHUNK) {
            long count = Math.min(CHUNK, total - from);
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.put("from", from);
            p.put("count", count);
            clickHouse.execute(INSERT, p);
            long done = from + count;
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("  filled %,d / %,d events (%.0f s, %,.0f events/s)%n", done, total, seconds, done / seconds);
            out.flush();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static Map<String, Object> parameters(Pack pack, long total) {
        List<String> districts = new ArrayList<>();
        List<String> towns = new ArrayList<>();
        for (PackFile.District d : pack.districts()) {
            for (String t : d.towns()) {
                districts.add(d.code());
                towns.add(t);
            }
        }
        List<String> types = new ArrayList<>();
        List<Integer> closeDays = new ArrayList<>();
        for (PackFile.Entry t : pack.caseTypes()) {
            types.add(t.code());
            closeDays.add(t.closeDays() != null ? t.closeDays() : pack.file().clocks().closeDays());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("districts", districts);
        p.put("towns", towns);
        p.put("types", types);
        p.put("close_days", closeDays);
        p.put("channels", pack.channels().stream().map(PackFile.Entry::code).toList());
        p.put("committees", pack.committees().stream().map(PackFile.Entry::code).toList());
        p.put("mediators", MEDIATORS);
        p.put("start", START);
        p.put("span_ms", Duration.between(START, END).toMillis());
        p.put("cases", Math.max(1, total / EVENTS_PER_CASE));
        return p;
    }
}
