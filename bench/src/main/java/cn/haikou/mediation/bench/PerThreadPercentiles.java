package cn.haikou.mediation.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Samples recorded without contention, one {@link Percentiles} per recording thread, merged on demand. */
final class PerThreadPercentiles {

    private final ConcurrentLinkedQueue<Percentiles> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Percentiles> local = ThreadLocal.withInitial(() -> {
        Percentiles p = new Percentiles();
        all.add(p);
        return p;
    });

    void add(double value) {
        local.get().add(value);
    }

    /** Every thread's samples together; call once the recording threads are done. */
    Percentiles merged() {
        Percentiles merged = new Percentiles();
        all.forEach(merged::addAll);
        return merged;
    }
}
