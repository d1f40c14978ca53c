package cn.haikou.mediation.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Rows of one query, read lazily as the transport streams them. Close it (try-with-resources) to
 * release the connection, also when stopping early.
 */
public interface QueryResult extends Iterable<Row>, AutoCloseable {

    @Override
    Iterator<Row> iterator();

    @Override
    void close();

    /** Reads every remaining row into memory and closes the result. For results known to be small. */
    default List<Row> toList() {
        try (this) {
            List<Row> rows = new ArrayList<>();
            for (Row row : this) {
                rows.add(row);
            }
            return rows;
        }
    }

    /** The single row of a query that returns exactly one (aggregates without GROUP BY). */
    default Row single() {
        List<Row> rows = toList();
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size());
        }
        return rows.get(0);
    }
}
