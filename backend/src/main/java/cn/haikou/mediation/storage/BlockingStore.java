package cn.haikou.mediation.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.function.Function;

/**
 * The bridge from event-loop code to the blocking {@link ClickHouse} API: every call runs on a
 * dedicated worker pool sized to the connection pool, so a slow query can never stall an event loop
 * and the workers never outnumber the connections they would wait for.
 */
public final class BlockingStore implements AutoCloseable {

    private final ClickHouse clickHouse;
    private final WorkerExecutor workers;

    public BlockingStore(Vertx vertx, ClickHouse clickHouse, int poolSize) {
        this.clickHouse = clickHouse;
        this.workers = vertx.createSharedWorkerExecutor("clickhouse", poolSize);
    }

    /** Runs {@code work} against ClickHouse on a worker thread; unordered, so calls run in parallel. */
    public <T> Future<T> call(Function<ClickHouse, T> work) {
        return workers.executeBlocking(() -> work.apply(clickHouse), false);
    }

    public ClickHouse clickHouse() {
        return clickHouse;
    }

    @Override
    public void close() {
        workers.close();
    }
}
