package cn.haikou.mediation.cases;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.ClickHouseTime;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One case's current state and its event timeline; and the audit trail of personal-data reads. */
final class CaseQueries {

    private final ClickHouse clickHouse;

    CaseQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** The case, or null if no event of it is stored. */
    JsonObject find(String caseId) {
        List<Row> state = clickHouse.query("""
                SELECT case_id, received_at, district, town, case_type, channel, status, last_event_at, events,
                       dispatched_at, accepted_at, returned, assigned_at, concluded_at, succeeded, failed, referred_to,
                       followed_up_at, satisfaction, archived_at, committee, mediator, parties,
                       toString(amount_involved) AS amount_involved, toString(amount_recovered) AS amount_recovered,
                       accept_due_at, close_due_at
                FROM case_state WHERE case_id = {id:String}""", Map.of("id", caseId)).toList();
        if (state.isEmpty()) {
            return null;
        }
        JsonObject out = times(new JsonObject(state.get(0).asJson().toString()));
        JsonArray events = new JsonArray();
        try (QueryResult rows = clickHouse.query("""
                SELECT event_id, kind, event_time, ingested_at, source, committee, mediator, parties,
                       toString(amount_involved) AS amount_involved, toString(amount_recovered) AS amount_recovered,
                       satisfaction, outcome, caller_name, caller_phone, address, summary, attributes
                FROM case_events WHERE case_id = {id:String} ORDER BY event_time, event_id""", Map.of("id", caseId))) {
            for (Row r : rows) {
                events.add(times(new JsonObject(r.asJson().toString())));
            }
        }
        return out.put("timeline", events);
    }

    void audit(String principal, String role, String action, String detail, List<String> caseIds) {
        clickHouse.execute("""
                INSERT INTO pii_audit (at, principal, role, action, detail, case_ids)
                VALUES ({at:DateTime64(3, 'UTC')}, {p:String}, {r:String}, {a:String}, {d:String}, {ids:Array(String)})""",
                Map.of("at", Instant.now(), "p", principal, "r", role, "a", action, "d", detail, "ids", caseIds));
    }

    JsonArray auditTrail(Instant since, int limit) {
        JsonArray out = new JsonArray();
        try (QueryResult rows = clickHouse.query("""
                SELECT at, principal, role, action, detail, case_ids FROM pii_audit
                WHERE at >= {since:DateTime64(3, 'UTC')} ORDER BY at DESC LIMIT {n:UInt32}""",
                Map.of("since", since, "n", limit))) {
            for (Row r : rows) {
                out.add(times(new JsonObject(r.asJson().toString())));
            }
        }
        return out;
    }

    /** ClickHouse prints UTC times without a zone; the API speaks ISO-8601 instants. */
    private static JsonObject times(JsonObject row) {
        for (String key : List.copyOf(row.fieldNames())) {
            if (row.getValue(key) instanceof String text && text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")
                    && (key.endsWith("_at") || key.endsWith("_time") || key.equals("at"))) {
                row.put(key, ClickHouseTime.parseUtc(text).toString());
            }
        }
        return row;
    }
}
