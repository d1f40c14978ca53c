package cn.haikou.mediation.importer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one import (or of several files imported in a row), written by the importing
 * thread and read by whoever reports progress (the CLI's ticker, the HTTP status endpoint).
 */
public final class ImportProgress {

    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong storedNew = new AtomicLong();
    private final AtomicLong alreadyPresent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong eventsStored = new AtomicLong();
    private final AtomicLong bytesBefore = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    /** When the first input started, so that the rate leaves out opening storage. */
    private volatile long startedNanos;

    public ImportCounts snapshot() {
        return new ImportCounts(rowsRead.get(), storedNew.get(), alreadyPresent.get(), rejected.get(), eventsStored.get(),
                bytesBefore.get() + bytesRead.get(), bytesTotal.get());
    }

    /** Rows read per second since the first input started. */
    public double rowsPerSecond() {
        long started = startedNanos;
        double seconds = (System.nanoTime() - started) / 1e9;
        return started == 0 || seconds <= 0 ? 0 : rowsRead.get() / seconds;
    }

    /** Adds the size of the input about to be read (unknown: 0). */
    void expectBytes(long size) {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
        bytesTotal.addAndGet(Math.max(0, size));
    }

    /** Called when a file is finished so that the next one's bytes add to it. */
    void fileDone() {
        bytesBefore.addAndGet(bytesRead.getAndSet(0));
    }

    void bytesRead(long total) {
        bytesRead.set(total);
    }

    void rowRead() {
        rowsRead.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void stored(boolean anyNew, int newEvents) {
        (anyNew ? storedNew : alreadyPresent).incrementAndGet();
        eventsStored.addAndGet(newEvents);
    }
}
