package cn.haikou.mediation.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The bridge from event-loop code to the blocking {@link ClickHouse} API: every call runs on a
 * dedicated worker pool sized to the connection pool, so a slow query can never stall an event loop
 * and the workers never outnumber the connections they would wait for.
 */
public final class BlockingStore implements AutoCloseable {

    private final ClickHouse clickHouse;
    private final WorkerExecutor workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    public BlockingStore(Vertx vertx, ClickHouse clickHouse, int poolSize) {
        this.clickHouse = clickHouse;
        this.workers = vertx.createSharedWorkerExecutor("clickhouse", poolSize);
    }

    /** Runs {@code work} against ClickHouse on a worker thread; unordered, so calls run in parallel. */
    public <T> Future<T> call(Function<ClickHouse, T> work) {
        if (closing) {
            return Future.failedFuture(new IllegalStateException("the server is shutting down"));
        }
        inFlight.incrementAndGet();
        return workers.executeBlocking(() -> work.apply(clickHouse), false).andThen(done -> {
            if (inFlight.decrementAndGet() == 0) {
                synchronized (inFlight) {
                    inFlight.notifyAll();
                }
            }
        });
    }

    /**
     * Refuses new calls and waits until every running one has answered, at most {@code timeout}.
     * Shutdown calls it before Vert.x closes: a query that finished after its event loop had gone
     * could not hand back its answer.
     */
    public boolean awaitIdle(Duration timeout) {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    inFlight.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public ClickHouse clickHouse() {
        return clickHouse;
    }

    @Override
    public void close() {
        workers.close();
    }
}
