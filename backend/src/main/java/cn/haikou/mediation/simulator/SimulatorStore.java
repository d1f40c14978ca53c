package cn.haikou.mediation.simulator;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a starting simulator reads back (it never writes here: events go through the ingest API):
 * whether the store is empty, when its last simulated case arrived, and which simulated cases are
 * still open and how far each has got.
 */
final class SimulatorStore {

    /** A simulated case not yet archived: {@code storedEvents} of its steps are stored, the last at {@code lastEventAt}. */
    record OpenCase(String caseId, Instant receivedAt, int storedEvents, Instant lastEventAt, double pace) {
    }

    /**
     * @param lastReceived  the last simulated case's receipt within the window read, or null
     * @param anySimulated  whether the store holds simulated cases at all (older ones included)
     */
    record State(long totalEvents, Instant lastReceived, boolean anySimulated, List<OpenCase> open) {
    }

    private static final String ANY_SIMULATED = """
            SELECT count() AS n FROM (SELECT 1 FROM case_events WHERE startsWith(case_id, {prefix:String}) LIMIT 1)""";

    private static final String LAST_RECEIVED = """
            SELECT count() AS n, max(received_at) AS last
            FROM case_events
            WHERE event_time >= {since:DateTime64(3, 'UTC')} AND startsWith(case_id, {prefix:String})""";

    // A simulated case's stored events are always a prefix of its lifecycle (posted in time order,
    // one batch at a time, each batch stored whole), so their count is where it resumes.
    private static final String OPEN_CASES = """
            SELECT case_id, received_at, count() AS events, max(event_time) AS last_event_at,
                   anyIf(attributes[{paceKey:String}], kind = 'received') AS pace
            FROM case_events
            WHERE event_time >= {since:DateTime64(3, 'UTC')} AND received_at >= {since:DateTime64(3, 'UTC')}
              AND startsWith(case_id, {prefix:String})
            GROUP BY case_id, received_at
            HAVING countIf(kind = 'archived') = 0
            ORDER BY received_at, case_id""";

    private final ClickHouse clickHouse;

    SimulatorStore(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /**
     * The store's state (blocking): open simulated cases received since {@code openSince}, the last
     * simulated receipt since {@code lastSince}. Both bounds keep the scan to recent partitions.
     */
    State read(Instant openSince, Instant lastSince) {
        long total = clickHouse.query("SELECT count() AS n FROM case_events").single().getLong("n");
        if (total == 0) {
            return new State(0, null, false, List.of());
        }
        Row last = clickHouse.query(LAST_RECEIVED, Map.of("since", lastSince, "prefix", SimCase.ID_PREFIX)).single();
        Instant lastReceived = last.getLong("n") == 0 ? null : last.getInstant("last");
        boolean anySimulated = lastReceived != null
                || clickHouse.query(ANY_SIMULATED, Map.of("prefix", SimCase.ID_PREFIX)).single().getLong("n") > 0;
        List<OpenCase> open = new ArrayList<>();
        Map<String, Object> params = Map.of("since", openSince, "prefix", SimCase.ID_PREFIX, "paceKey", SimCase.PACE_ATTRIBUTE);
        try (QueryResult rows = clickHouse.query(OPEN_CASES, params)) {
            for (Row row : rows) {
                open.add(new OpenCase(row.getString("case_id"), row.getInstant("received_at"), row.getInt("events"),
                        row.getInstant("last_event_at"), pace(row.getString("pace"))));
            }
        }
        return new State(total, lastReceived, anySimulated, open);
    }

    private static double pace(String text) {
        try {
            double pace = text == null || text.isEmpty() ? 1.0 : Double.parseDouble(text);
            return pace > 0 && Double.isFinite(pace) ? pace : 1.0;
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }
}
