package cn.haikou.mediation.importer;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;

import java.util.Map;
import java.util.TreeMap;

/** Reads back what the import stored, straight from case_events (duplicates would show as extra rows). */
final class StoredEvents {

    private StoredEvents() {
    }

    static Map<String, Long> receivedByDistrict(ClickHouse clickHouse) {
        return counts(clickHouse, "SELECT district AS k, count() AS n FROM case_events WHERE kind = 'received' GROUP BY k");
    }

    static Map<String, Long> receivedByCaseType(ClickHouse clickHouse) {
        return counts(clickHouse, "SELECT case_type AS k, count() AS n FROM case_events WHERE kind = 'received' GROUP BY k");
    }

    static Map<String, Long> receivedByChannel(ClickHouse clickHouse) {
        return counts(clickHouse, "SELECT channel AS k, count() AS n FROM case_events WHERE kind = 'received' GROUP BY k");
    }

    static Map<String, Long> byKind(ClickHouse clickHouse) {
        return counts(clickHouse, "SELECT kind AS k, count() AS n FROM case_events GROUP BY k");
    }

    static long count(ClickHouse clickHouse) {
        return clickHouse.query("SELECT count() AS n FROM case_events").single().getLong("n");
    }

    private static Map<String, Long> counts(ClickHouse clickHouse, String sql) {
        Map<String, Long> counts = new TreeMap<>();
        try (QueryResult rows = clickHouse.query(sql)) {
            for (Row row : rows) {
                counts.put(row.getString("k"), row.getLong("n"));
            }
        }
        return counts;
    }
}
