package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Caller;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.ClickHouseTime;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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

    /** Fills {@code buckets} with the roll-up from {@code firstDay} (in the city's zone) on. */
    void seed(DayBuckets buckets, LocalDate firstDay) {
        Instant from = firstDay.atStartOfDay(zone).toInstant();
        try (QueryResult rows = clickHouse.query("""
                SELECT toString(toDate(minute, {zone:String})) AS day, toHour(minute, {zone:String}) AS hour,
                       district, town, case_type, channel, kind,
                       sum(events) AS events, sum(parties) AS parties, sum(mass_events) AS mass_events,
                       toString(sum(amount_involved)) AS amount_involved, toString(sum(amount_recovered)) AS amount_recovered,
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
                s.amountInvolvedFen = fen(r.getString("amount_involved"));
                s.amountRecoveredFen = fen(r.getString("amount_recovered"));
                s.satisfactionSum = r.getLong("satisfaction_sum");
                s.satisfied = r.getLong("satisfied");
                s.onTime = r.getLong("on_time");
                s.durationMs = r.getLong("duration_ms_sum");
                buckets.seed(LocalDate.parse(r.getString("day")), r.getInt("hour"),
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

    /** Everything the wall shows that depends on the current state of cases, not on event counts. */
    CaseFigures caseFigures(Instant now, Instant todayStart, Instant horizon) {
        Map<String, Object> p = Map.of("now", now, "today", todayStart, "red", RED_HOURS, "orange", ORANGE_HOURS, "n", LIST_SIZE,
                "horizon", horizon);
        // received_at is a key of case_state's grouping and the first of its table's sort key: this
        // bound reaches the table, so a read covers the horizon's cases, not every case ever stored.
        String recent = "received_at >= {horizon:DateTime64(3, 'UTC')}";
        String open = "concluded_at IS NULL AND archived_at IS NULL";
        String overdueSince = "if(accepted_at IS NULL AND accept_due_at < {now:DateTime64(3, 'UTC')}, accept_due_at, close_due_at)";
        String isOverdue = open + " AND (close_due_at < {now:DateTime64(3, 'UTC')}"
                + " OR (accepted_at IS NULL AND accept_due_at < {now:DateTime64(3, 'UTC')}))";
        String level = "multiIf(dateDiff('hour', " + overdueSince + ", {now:DateTime64(3, 'UTC')}) >= {red:UInt32} OR parties >= 5, 'red',"
                + " dateDiff('hour', " + overdueSince + ", {now:DateTime64(3, 'UTC')}) >= {orange:UInt32}, 'orange', 'yellow')";

        Row counts = clickHouse.query("SELECT countIf(" + open + ") AS in_progress, countIf(" + isOverdue + ") AS overdue,"
                + " countIf(" + isOverdue + " AND " + level + " = 'red') AS red,"
                + " countIf(" + isOverdue + " AND " + level + " = 'orange') AS orange,"
                + " countIf(" + open + " AND parties >= 5) AS mass_open"
                + " FROM case_state WHERE " + recent, p).single();

        JsonArray overdue = rows("SELECT case_id, district, town, case_type, mediator, parties,"
                + " if(accepted_at IS NULL AND accept_due_at < {now:DateTime64(3, 'UTC')}, 'accept', 'close') AS stage,"
                + " " + overdueSince + " AS due_at, dateDiff('hour', " + overdueSince + ", {now:DateTime64(3, 'UTC')}) AS overdue_hours,"
                + " " + level + " AS level"
                + " FROM case_state WHERE " + recent + " AND " + isOverdue + " ORDER BY due_at LIMIT {n:UInt32}", p);

        JsonArray mass = rows("SELECT case_id, district, town, case_type, parties, toString(amount_involved) AS amount_involved,"
                + " received_at, status FROM case_state WHERE " + recent + " AND " + open + " AND parties >= 5"
                + " ORDER BY received_at DESC LIMIT {n:UInt32}", p);

        JsonArray mediators = rows("SELECT mediator, countIf(" + open + ") AS open,"
                + " countIf(concluded_at >= {today:DateTime64(3, 'UTC')}) AS concluded_today"
                + " FROM case_state WHERE " + recent + " AND mediator != '' GROUP BY mediator HAVING open > 0 OR concluded_today > 0"
                + " ORDER BY open DESC, mediator LIMIT {n:UInt32}", p);

        JsonArray committees = rows("SELECT committee, countIf(" + open + ") AS open,"
                + " countIf(concluded_at >= {today:DateTime64(3, 'UTC')}) AS concluded_today"
                + " FROM case_state WHERE " + recent + " AND committee != '' GROUP BY committee ORDER BY open DESC, committee", p);

        JsonArray repeatCallers = rows("""
                SELECT caller_phone, uniqExact(case_id) AS cases, max(event_time) AS last_at,
                       argMax(district, event_time) AS district, argMax(town, event_time) AS town
                FROM case_events
                WHERE kind = 'received' AND caller_phone != '' AND event_time >= {now:DateTime64(3, 'UTC')} - INTERVAL 7 DAY
                GROUP BY caller_phone HAVING cases >= 3 ORDER BY cases DESC LIMIT {n:UInt32}""", p);

        return new CaseFigures(now, counts.getLong("in_progress"), counts.getLong("overdue"), counts.getLong("red"),
                counts.getLong("orange"), counts.getLong("mass_open"), overdue, mass, mediators, committees, repeatCallers);
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
                JsonObject o = new JsonObject(r.asJson().toString());
                for (String column : List.of("due_at", "received_at", "last_at")) {
                    if (o.getValue(column) instanceof String text) {
                        o.put(column, ClickHouseTime.parseUtc(text).toString());
                    }
                }
                out.add(o);
            }
        }
        return out;
    }

    private static long fen(String decimal) {
        return new BigDecimal(decimal).movePointRight(2).longValueExact();
    }

    /** The case-state figures of one refresh, computed as of {@code asOf}. */
    record CaseFigures(Instant asOf, long inProgress, long overdue, long overdueRed, long overdueOrange, long massOpen,
                       JsonArray overdueCases, JsonArray massCases, JsonArray mediators, JsonArray committees,
                       JsonArray repeatCallers) {
        static final CaseFigures EMPTY = new CaseFigures(Instant.EPOCH, 0, 0, 0, 0, 0, new JsonArray(), new JsonArray(), new JsonArray(),
                new JsonArray(), new JsonArray());
    }
}
