package cn.haikou.mediation.storage;

import java.util.List;

/**
 * Bounds every statement carries. A native query cannot be interrupted from Java and shutdown
 * waits for it (rule 4 of embedded-clickhouse.md), so no statement runs without them; both fail
 * cleanly (codes 159 and 241) and leave the connection usable.
 */
public record QueryBounds(int maxExecutionSeconds, long maxMemoryBytes) {

    public static final QueryBounds DEFAULT = new QueryBounds(60, 4L * 1024 * 1024 * 1024);

    public QueryBounds {
        if (maxExecutionSeconds <= 0 || maxMemoryBytes <= 0) {
            throw new IllegalArgumentException("query bounds must be positive: " + maxExecutionSeconds + " s, " + maxMemoryBytes + " bytes");
        }
    }

    /** The bounds plus the output settings both transports share, as ClickHouse setting pairs. */
    public List<String[]> settings() {
        return List.of(
                new String[] {"max_execution_time", Integer.toString(maxExecutionSeconds)},
                new String[] {"max_memory_usage", Long.toString(maxMemoryBytes)},
                // Rows are parsed as JSON: keep 64-bit integers numeric, so both transports read alike.
                new String[] {"output_format_json_quote_64bit_integers", "0"},
                // The materialized views already group each insert by their keys; merging the rows
                // again while writing the part tripled the cost of an insert into case_events.
                new String[] {"optimize_on_insert", "0"});
    }
}
