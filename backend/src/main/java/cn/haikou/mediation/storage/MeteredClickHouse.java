package cn.haikou.mediation.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;

/**
 * Counts and times every statement sent to ClickHouse ({@code clickhouse_statements_total},
 * {@code clickhouse_statement_seconds}), tagged by operation and outcome. The live-dashboard tests
 * read these counters to show that query load does not grow with the number of screens.
 */
public final class MeteredClickHouse implements ClickHouse {

    private final ClickHouse delegate;
    private final Timer queryTimer;
    private final Timer executeTimer;
    private final Timer insertTimer;
    private final Counter queries;
    private final Counter executes;
    private final Counter inserts;
    private final Counter failures;

    public MeteredClickHouse(ClickHouse delegate, MeterRegistry registry) {
        this.delegate = delegate;
        String transport = delegate.transport();
        this.queryTimer = Timer.builder("clickhouse.statement").tag("operation", "query").tag("transport", transport).register(registry);
        this.executeTimer = Timer.builder("clickhouse.statement").tag("operation", "execute").tag("transport", transport).register(registry);
        this.insertTimer = Timer.builder("clickhouse.statement").tag("operation", "insert").tag("transport", transport).register(registry);
        this.queries = Counter.builder("clickhouse.statements").tag("operation", "query").register(registry);
        this.executes = Counter.builder("clickhouse.statements").tag("operation", "execute").register(registry);
        this.inserts = Counter.builder("clickhouse.statements").tag("operation", "insert").register(registry);
        this.failures = Counter.builder("clickhouse.failures").register(registry);
    }

    public ClickHouse unwrap() {
        return delegate;
    }

    @Override
    public String transport() {
        return delegate.transport();
    }

    @Override
    public String serverVersion() {
        return delegate.serverVersion();
    }

    @Override
    public void execute(String sql, Map<String, ?> params) {
        executes.increment();
        Timer.Sample sample = Timer.start();
        try {
            delegate.execute(sql, params);
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            sample.stop(executeTimer);
        }
    }

    /** Times the statement up to its first row; streaming the rest is the caller's time. */
    @Override
    public QueryResult query(String sql, Map<String, ?> params) {
        queries.increment();
        Timer.Sample sample = Timer.start();
        try {
            return delegate.query(sql, params);
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            sample.stop(queryTimer);
        }
    }

    @Override
    public void insert(String table, List<String> columns, InsertFormat format, RowWriter writer) {
        inserts.increment();
        Timer.Sample sample = Timer.start();
        try {
            delegate.insert(table, columns, format, writer);
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            sample.stop(insertTimer);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
