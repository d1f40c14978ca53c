package cn.haikou.mediation.storage;

import java.util.List;
import java.util.Map;

/**
 * The one way the application reaches ClickHouse, whichever transport runs underneath: the
 * embedded engine (chDB, in-process) or a ClickHouse server/cluster over the official client.
 *
 * <p>Every method blocks. Callers on a Vert.x event loop must go through
 * {@link BlockingStore} (or {@code vertx.executeBlocking}); nothing here knows about Vert.x.
 *
 * <p>Values never enter SQL text: statements name parameters as {@code {name:Type}} and pass
 * values in {@code params}; see {@link QueryParams} for how Java values are rendered.
 */
public interface ClickHouse extends AutoCloseable {

    /** {@code "embedded"} or {@code "server"}. */
    String transport();

    /** The ClickHouse version answering queries. */
    String serverVersion();

    /** Runs a statement that returns no rows (DDL, {@code INSERT ... SELECT}, {@code OPTIMIZE}). */
    void execute(String sql, Map<String, ?> params);

    default void execute(String sql) {
        execute(sql, Map.of());
    }

    /**
     * Runs a query and streams its rows. The result must be closed (try-with-resources); until then
     * it holds a connection.
     */
    QueryResult query(String sql, Map<String, ?> params);

    default QueryResult query(String sql) {
        return query(sql, Map.of());
    }

    /**
     * Streams rows into {@code columns} of {@code table} (all columns when the list is empty) in one
     * insert statement. The writer produces the rows in {@code format}; the call returns once
     * ClickHouse has committed them (durable), or throws. Table and column names are identifiers
     * from code, never from a request. Inserts run at {@link QueryPriority#WRITES}: background reads
     * pause while one runs.
     */
    void insert(String table, List<String> columns, InsertFormat format, RowWriter writer);

    default void insert(String table, InsertFormat format, RowWriter writer) {
        insert(table, List.of(), format, writer);
    }

    /** Closes every connection. Idempotent; afterwards every call throws {@link ConnectionClosedException}. */
    @Override
    void close();
}
