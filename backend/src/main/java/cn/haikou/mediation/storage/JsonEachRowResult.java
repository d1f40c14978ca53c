package cn.haikou.mediation.storage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Parses a {@code JSONEachRow} byte stream into {@link Row}s as they arrive. Both transports hand
 * their result stream to this class, so rows look the same whichever one ran the query.
 */
public final class JsonEachRowResult implements QueryResult {

    private static final ObjectReader READER = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .readerFor(ObjectNode.class);

    private final InputStream in;
    private final Runnable onClose;
    private final MappingIterator<ObjectNode> rows;
    private boolean closed;

    public JsonEachRowResult(InputStream in, Runnable onClose) {
        this.in = in;
        this.onClose = onClose;
        try {
            this.rows = READER.readValues(in);
        } catch (IOException e) {
            close();
            throw unwrap(e);
        }
    }

    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (closed) {
                    return false;
                }
                try {
                    return rows.hasNextValue();
                } catch (ClickHouseException e) {
                    throw e;
                } catch (IOException e) {
                    throw unwrap(e);
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof ClickHouseException ce) {
                        throw ce;
                    }
                    throw e;
                }
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return new Row(rows.nextValue());
                } catch (IOException e) {
                    throw unwrap(e);
                }
            }
        };
    }

    /** Engine errors raised mid-stream travel inside IOExceptions; give callers the typed one. */
    private static RuntimeException unwrap(IOException e) {
        if (e.getCause() instanceof ClickHouseException ce) {
            return ce;
        }
        return new ClickHouseException(ClickHouseException.NO_CODE, "cannot read query result: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream's owner reports real failures through onClose
        } finally {
            onClose.run();
        }
    }
}
