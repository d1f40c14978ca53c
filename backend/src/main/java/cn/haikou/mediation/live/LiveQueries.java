package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Caller;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.ClickHouseTime;
import cn.haikou.mediation.storage.QueryPriority;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The live side's SQL. Two kinds: the seed (the roll-up of the last days, folded into days and
 * hours of the city's zone, read once at start-up) and the case-state figures (open, overdue,
 * mass, workload, repeat callers), re-read on a fixed cadence whatever the number of screens.
 */
final class LiveQueries {

    /** A case past its clock by this long is reported at once (red); by a day, the same day (orange). */
    static final long RED_HOURS = 7 * 24;
    static final long ORANGE_HOURS = 24;
    static final int LIST_SIZE = 20;

    private final ClickHouse clickHouse;
    private final ZoneId zone;

    LiveQueries(ClickHouse clickHouse, ZoneId zone) {
        this.clickHouse = clickHouse;
        this.zone = zone;
    }

    /**
     * Fills {@code buckets} with the roll-up from {@code firstDay} (in the city's zone) on. Days
     * come as day numbers and money as whole fen: at start-up, before anything is compiled, parsing
     * a date and two decimals on each of the demo store's 52,000 rows cost a restart 0.2-0.9 s.
     */
    void seed(DayBuckets buckets, LocalDate firstDay) {
        Instant from = firstDay.atStartOfDay(zone).toInstant();
        try (QueryResult rows = clickHouse.query("""
                SELECT toUInt32(toDate(minute, {zone:String})) AS day, toHour(minute, {zone:String}) AS hour,
                       district, town, case_type, channel, kind,
                       sum(events) AS events, sum(parties) AS parties, sum(mass_events) AS mass_events,
                       toInt64(sum(amount_involved) * 100) AS amount_involved_fen, toInt64(sum(amount_recovered) * 100) AS amount_recovered_fen,
                       sum(satisfaction_sum) AS satisfaction_sum, sum(satisfied) AS satisfied, sum(on_time) AS on_time,
                       sum(duration_ms_sum) AS duration_ms_sum
                FROM events_by_minute
                WHERE minute >= {from:DateTime64(3, 'UTC')}
                GROUP BY day, hour, district, town, case_type, channel, kind""",
                Map.of("zone", zone.getId(), "from", from))) {
            for (Row r : rows) {
                Sums s = new Sums();
                s.events = r.getLong("events");
                s.parties = r.getLong("parties");
                s.massEvents = r.getLong("mass_events");
                s.amountInvolvedFen = r.getLong("amount_involved_fen");
                s.amountRecoveredFen = r.getLong("amount_recovered_fen");
                s.satisfactionSum = r.getLong("satisfaction_sum");
                s.satisfied = r.getLong("satisfied");
                s.onTime = r.getLong("on_time");
                s.durationMs = r.getLong("duration_ms_sum");
                buckets.seed(LocalDate.ofEpochDay(r.getLong("day")), r.getInt("hour"),
                        new RollupKey(r.getString("district"), r.getString("town"), r.getString("case_type"),
                                r.getString("channel"), r.getString("kind")), s);
            }
        }
    }

    /**
     * Received events before {@code windowStart} (the in-memory window's first instant): those of
     * this month, of this year, and of all time, for the KPI totals.
     */
    long[] receivedBefore(Instant windowStart, Instant monthStart, Instant yearStart) {
        Row r = clickHouse.query("""
                SELECT sumIf(events, minute >= {month:DateTime64(3, 'UTC')}) AS month,
                       sumIf(events, minute >= {year:DateTime64(3, 'UTC')}) AS year,
                       sum(events) AS total
                FROM events_by_minute
                WHERE kind = 'received' AND minute < {window:DateTime64(3, 'UTC')}""",
                Map.of("month", monthStart, "year", yearStart, "window", windowStart)).single();
        return new long[] {r.getLong("month"), r.getLong("year"), r.getLong("total")};
    }

    /**
     * Everything the wall shows that depends on the current state of cases, not on event counts.
     *
     * <p>One pass over {@code case_state} (which merges every case's partial states, the costly
     * part) gives the counts, both lists and both workload tables. As five queries, each merging
     * the same cases again, they took about three times as long: 185 against 52-83 ms on the
     * 90-day demo store, 1.1-1.5 s against 0.3-0.5 s on 650,000 cases left by the ingest benchmark.
     * Both queries run at {@link QueryPriority#BACKGROUND}, pausing while an insert runs: under a
     * sustained stream the read took 1-6 s of both cores and slowed the inserts beside it by half.
     */
    CaseFigures caseFigures(Instant now, Instant todayStart, Instant horizon) {
        Map<String, Object> p = Map.of("now", now, "today", todayStart, "red", RED_HOURS, "orange", ORANGE_HOURS, "n", LIST_SIZE,
                "horizon", horizon);
        Row state = clickHouse.query(CASE_STATE_SQL, p).single();
        JsonArray overdue = objects(state.get("overdue_cases"));
        JsonArray mass = objects(state.get("mass_cases"));
        JsonArray mediators = workload(state.get("mediators"), "mediator", true, LIST_SIZE);
        JsonArray committees = workload(state.get("committees"), "committee", false, Integer.MAX_VALUE);

        JsonArray repeatCallers = rows("""
                SELECT caller_phone, uniqExact(case_id) AS cases, max(event_time) AS last_at,
                       argMax(district, event_time) AS district, argMax(town, event_time) AS town
                FROM case_events
                WHERE kind = 'received' AND caller_phone != '' AND event_time >= {now:DateTime64(3, 'UTC')} - INTERVAL 7 DAY
                GROUP BY caller_phone HAVING cases >= 3 ORDER BY cases DESC LIMIT {n:UInt32}
                """ + QueryPriority.BACKGROUND_SETTINGS, p);

        return new CaseFigures(now, state.getLong("in_progress"), state.getLong("overdue"), state.getLong("red"),
                state.getLong("orange"), state.getLong("mass_open"), overdue, mass, mediators, committees, repeatCallers);
    }

    /**
     * The case-state figures in one query. The inner query names what each case is (open, late to be
     * accepted, overdue since when, how late); the outer one counts, keeps the {@link #LIST_SIZE} most overdue and
     * newest mass disputes ({@code groupArraySorted} on a sort key, then the named tuple, which
     * {@code JSONEachRow} renders as an object), and sums open and concluded-today cases per
     * mediator and committee ({@code sumMap}; its constant third sum keeps a key whose two counts
     * are both zero, which it would otherwise drop). {@code received_at} leads {@code case_state}'s
     * grouping and its table's sort key, so the horizon bound reaches the table.
     */
    private static final String CASE_STATE_SQL = """
            SELECT countIf(open) AS in_progress,
                   countIf(is_overdue) AS overdue,
                   countIf(is_overdue AND level = 'red') AS red,
                   countIf(is_overdue AND level = 'orange') AS orange,
                   countIf(open AND parties >= 5) AS mass_open,
                   arrayMap(t -> t.3, groupArraySortedIf(%1$d)((due_at, case_id,
                       CAST((case_id, district, town, case_type, mediator, parties, stage, due_at, overdue_hours, level),
                            'Tuple(case_id String, district String, town String, case_type String, mediator String, parties UInt32,
                                   stage String, due_at DateTime64(3, \\'UTC\\'), overdue_hours Int64, level String)')),
                       is_overdue)) AS overdue_cases,
                   arrayMap(t -> t.3, groupArraySortedIf(%1$d)((-toUnixTimestamp64Milli(received_at), case_id,
                       CAST((case_id, district, town, case_type, parties, toString(amount_involved), received_at, status),
                            'Tuple(case_id String, district String, town String, case_type String, parties UInt32,
                                   amount_involved String, received_at DateTime64(3, \\'UTC\\'), status String)')),
                       open AND parties >= 5)) AS mass_cases,
                   sumMapIf([mediator], [toUInt64(open)], [toUInt64(concluded_today)], [toUInt64(1)], mediator != '') AS mediators,
                   sumMapIf([committee], [toUInt64(open)], [toUInt64(concluded_today)], [toUInt64(1)], committee != '') AS committees
            FROM (
                SELECT case_id, district, town, case_type, mediator, committee, parties, amount_involved, received_at, status,
                       concluded_at IS NULL AND archived_at IS NULL AS open,
                       accepted_at IS NULL AND accept_due_at < {now:DateTime64(3, 'UTC')} AS accept_late,
                       open AND (accept_late OR close_due_at < {now:DateTime64(3, 'UTC')}) AS is_overdue,
                       if(accept_late, accept_due_at, close_due_at) AS due_at,
                       if(accept_late, 'accept', 'close') AS stage,
                       dateDiff('hour', due_at, {now:DateTime64(3, 'UTC')}) AS overdue_hours,
                       multiIf(overdue_hours >= {red:UInt32} OR parties >= 5, 'red', overdue_hours >= {orange:UInt32}, 'orange', 'yellow') AS level,
                       ifNull(concluded_at >= {today:DateTime64(3, 'UTC')}, 0) AS concluded_today
                FROM case_state
                WHERE received_at >= {horizon:DateTime64(3, 'UTC')}
            )
            """.formatted(LIST_SIZE) + QueryPriority.BACKGROUND_SETTINGS;

    /**
     * One workload table from {@code sumMap}'s (names, open, concluded today, cases) arrays, most
     * open first, then by name; with {@code activeOnly}, only those with open or concluded-today cases.
     */
    private static JsonArray workload(JsonNode sums, String nameColumn, boolean activeOnly, int limit) {
        record Load(String name, long open, long concludedToday) {
        }
        List<Load> loads = new ArrayList<>();
        JsonNode names = sums.get(0);
        for (int i = 0; i < names.size(); i++) {
            Load load = new Load(names.get(i).asText(), sums.get(1).get(i).asLong(), sums.get(2).get(i).asLong());
            if (!activeOnly || load.open() > 0 || load.concludedToday() > 0) {
                loads.add(load);
            }
        }
        loads.sort(Comparator.comparingLong(Load::open).reversed().thenComparing(Load::name));
        JsonArray out = new JsonArray();
        loads.stream().limit(limit).forEach(l -> out.add(new JsonObject().put(nameColumn, l.name()).put("open", l.open())
                .put("concluded_today", l.concludedToday())));
        return out;
    }

    /** The newest event time stored: the data watermark screens use to tell live from stale. */
    Instant watermark() {
        Row r = clickHouse.query("SELECT max(event_time) AS t, count() AS n FROM case_events").single();
        return r.getLong("n") == 0 ? null : r.getInstant("t");
    }

    /** The newest stored events, for the feed of a freshly started node. */
    List<CaseEvent> recentEvents(int n) {
        List<CaseEvent> out = new ArrayList<>();
        try (QueryResult rows = clickHouse.query("""
                SELECT event_id, case_id, kind, event_time, received_at, district, town, case_type, channel, parties,
                       caller_name, caller_phone
                FROM case_events ORDER BY event_time DESC LIMIT {n:UInt32}""", Map.of("n", n))) {
            for (Row r : rows) {
                EventKind kind = EventKind.fromCode(r.getString("kind")).orElse(EventKind.PROGRESS);
                out.add(new CaseEvent(r.getString("event_id"), r.getString("case_id"), kind, r.getInstant("event_time"),
                        r.getInstant("received_at"), null, "", r.getString("district"), r.getString("town"),
                        r.getString("case_type"), r.getString("channel"), "", "", r.getInt("parties"), 0, 0, 0, "", null, null,
                        new Caller(r.getString("caller_name"), r.getString("caller_phone"), ""), "", Map.of()));
            }
        }
        return out;
    }

    /** Rows as JSON; the UTC times ClickHouse prints become ISO-8601 instants for the browser. */
    private JsonArray rows(String sql, Map<String, Object> params) {
        JsonArray out = new JsonArray();
        try (QueryResult rows = clickHouse.query(sql, params)) {
            for (Row r : rows) {
                out.add(withIsoTimes(new JsonObject(r.asJson().toString())));
            }
        }
        return out;
    }

    /** An array of objects (named tuples) as JSON, times as in {@link #rows}. */
    private static JsonArray objects(JsonNode array) {
        JsonArray out = new JsonArray();
        array.forEach(o -> out.add(withIsoTimes(new JsonObject(o.toString()))));
        return out;
    }

    private static JsonObject withIsoTimes(JsonObject o) {
        for (String column : List.of("due_at", "received_at", "last_at")) {
            if (o.getValue(column) instanceof String text) {
                o.put(column, ClickHouseTime.parseUtc(text).toString());
            }
        }
        return o;
    }

    /** The case-state figures of one refresh, computed as of {@code asOf}. */
    record CaseFigures(Instant asOf, long inProgress, long overdue, long overdueRed, long overdueOrange, long massOpen,
                       JsonArray overdueCases, JsonArray massCases, JsonArray mediators, JsonArray committees,
                       JsonArray repeatCallers) {
        static final CaseFigures EMPTY = new CaseFigures(Instant.EPOCH, 0, 0, 0, 0, 0, new JsonArray(), new JsonArray(), new JsonArray(),
                new JsonArray(), new JsonArray());
    }
}
