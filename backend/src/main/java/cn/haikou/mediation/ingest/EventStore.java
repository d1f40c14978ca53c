package cn.haikou.mediation.ingest;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.InsertFormat;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** The ingest side's SQL: writing {@code case_events} and asking which event ids it already holds. */
public final class EventStore {

    static final String TABLE = "case_events";

    private final ClickHouse clickHouse;

    public EventStore(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** One insert statement for the whole batch; returns once ClickHouse has committed it. */
    public void insert(List<CaseEvent> events) {
        if (!events.isEmpty()) {
            clickHouse.insert(TABLE, EventRows.COLUMNS, InsertFormat.ROW_BINARY, out -> EventRows.write(events, out));
        }
    }

    /** The rows as this store writes them (RowBinary of {@link #columns()}), for tools that measure the write path. */
    public static void encode(List<CaseEvent> events, java.io.OutputStream out) throws java.io.IOException {
        EventRows.write(events, out);
    }

    public static List<String> columns() {
        return EventRows.COLUMNS;
    }

    /** Which of {@code ids} are stored already (uses the bloom-filter index on event_id). */
    public Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (QueryResult rows = clickHouse.query("SELECT DISTINCT event_id FROM case_events WHERE event_id IN {ids:Array(String)}",
                Map.of("ids", ids))) {
            for (Row row : rows) {
                found.add(row.getString("event_id"));
            }
        }
        return found;
    }

    public long count() {
        return clickHouse.query("SELECT count() AS n FROM case_events").single().getLong("n");
    }

    /**
     * The earliest minute from which the newest {@code limit} events (or fewer) all fall, read from
     * the per-minute roll-up so that no raw rows are scanned.
     */
    public Instant windowStart(long limit) {
        long total = 0;
        Instant start = null;
        try (QueryResult rows = clickHouse.query(
                "SELECT minute, sum(events) AS n FROM events_by_minute GROUP BY minute ORDER BY minute DESC")) {
            for (Row row : rows) {
                long n = row.getLong("n");
                if (total + n > limit) {
                    break;
                }
                total += n;
                start = row.getInstant("minute");
            }
        }
        return start;
    }

    /**
     * Streams (event id, event time) of every event at or after {@code from}. The time comes as
     * epoch milliseconds: parsing a text time per row was a third of a restart's reading of the
     * window, at a point where the JIT has compiled nothing yet.
     */
    public void idsSince(Instant from, BiConsumer<String, Instant> each) {
        try (QueryResult rows = clickHouse.query(
                "SELECT event_id, toUnixTimestamp64Milli(event_time) AS t FROM case_events WHERE event_time >= {from:DateTime64(3, 'UTC')}",
                Map.of("from", from))) {
            for (Row row : rows) {
                each.accept(row.getString("event_id"), Instant.ofEpochMilli(row.getLong("t")));
            }
        }
    }
}
