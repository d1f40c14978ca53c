package cn.haikou.mediation.ingest;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.CaseEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single path by which events reach ClickHouse. Requests submit validated events; writer
 * threads combine them into large inserts, drop duplicates, insert, and only then complete each
 * submission: an acknowledged event is a stored event.
 *
 * <p>{@code inserters} threads each run one insert at a time, on their own connection. One is the
 * default: on two cores an insert into the events table and its six views already keeps both
 * busy, and two at once were measured slower; a ClickHouse server with cores to spare can take
 * more (embedded-clickhouse.md: two bare inserters ~1.4-1.8x one). An event id is reserved while
 * its batch is being written, so that the same id in a concurrent batch is a duplicate of it; that
 * batch's submissions are acknowledged only after the first write succeeded, and fail (to be
 * retried) if it failed.
 *
 * <p>A free inserter starts an insert once {@code batchMinEvents} are waiting, or once
 * {@code batchMaxDelay} has passed since the previous insert started, whichever comes first (at
 * most {@code batchMaxEvents} go into one insert). Inserts therefore never start more often than
 * the delay allows when traffic is light (each one makes a part per table and view that ClickHouse
 * must merge), while under load the writer goes straight from one insert to the next with
 * everything that arrived meanwhile: idling out the rest of the interval after a quick insert cost
 * a third of the throughput on two cores (README, Performance).
 *
 * <p>Memory is bounded: at most {@code queueMaxEvents} events wait; a submission that does not fit
 * is refused whole ({@link QueueFullException}, which HTTP turns into 429) and nothing of it is kept.
 * The insert's fixed cost (8-29 ms, embedded-clickhouse.md) is why batching is the lever.
 */
public final class EventWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    /** What became of one submitted event. */
    public enum Outcome { ACCEPTED, DUPLICATE }

    /** The queue has no room for the submission; retry later. */
    public static final class QueueFullException extends RuntimeException {
        QueueFullException(String message) {
            super(message, null, false, false);
        }
    }

    /** The writer is shutting down and takes nothing new. */
    public static final class WriterClosedException extends RuntimeException {
        WriterClosedException() {
            super("the event writer is shutting down", null, false, false);
        }
    }

    /**
     * Follows the writer. {@link #queued} hears of events the moment they are queued, when no stored
     * or queued event shares their id, so that a screen can show them before the insert (a write
     * takes 50-400 ms on two cores, more than the wall's whole budget); {@link #settled} then says,
     * after every insert, what was stored and which of the announced events were not after all.
     * Both are called on the writer's threads, {@code queued} under its lock: they must not block.
     */
    public interface Listener {
        void queued(List<CaseEvent> events);

        void settled(Settled settled);
    }

    /**
     * What one insert settled: every event it stored; those of them never announced as queued
     * (an id the in-memory index could not vouch for, settled by asking ClickHouse); and announced
     * events that were not stored (the insert failed, or the same id was stored first in another form).
     */
    public record Settled(List<CaseEvent> stored, List<CaseEvent> storedUnannounced, List<CaseEvent> withdrawn) {
    }

    private record Submission(List<CaseEvent> events, List<CaseEvent> announced, CompletableFuture<List<Outcome>> done,
                              long enqueuedNanos) {
    }

    private final EventStore store;
    /** Guarded by itself, as is {@link #inFlight}. */
    private final DedupIndex dedup;
    /**
     * Event ids being written, with the outcome of the batch writing them (true once stored, false
     * if that insert failed). Guarded by {@link #dedup}.
     */
    private final Map<String, CompletableFuture<Boolean>> inFlight = new HashMap<>();
    /**
     * Queued events announced to the listeners, by id, until their batch is classified (then the id
     * is in {@link #inFlight}) and settled. Guarded by {@link #dedup}.
     */
    private final Map<String, CaseEvent> announced = new HashMap<>();
    private final int batchMaxEvents;
    private final int batchMinEvents;
    private final long batchMaxDelayNanos;
    private final int queueMaxEvents;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Submission> queue = new ArrayDeque<>();
    private int queuedEvents;
    private boolean closing;
    private volatile boolean paused;
    /** When the last insert started; guarded by {@code lock}. */
    private long lastInsertStartedNanos;
    private final List<Thread> threads = new ArrayList<>();

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter refusedFull;
    private final DistributionSummary batchSize;
    private final Timer insertTimer;
    private final Timer ackTimer;

    public EventWriter(EventStore store, AppConfig.Ingest settings, MeterRegistry registry) {
        int inserters = settings.inserters();
        if (inserters < 1) {
            throw new IllegalArgumentException("ingest.inserters must be at least 1, not " + inserters);
        }
        if (settings.batchMinEvents() < 1 || settings.batchMinEvents() > settings.batchMaxEvents()) {
            throw new IllegalArgumentException("ingest.batchMinEvents must be between 1 and ingest.batchMaxEvents ("
                    + settings.batchMaxEvents() + "), not " + settings.batchMinEvents());
        }
        this.store = store;
        this.dedup = new DedupIndex(settings.dedupWindowEvents());
        this.batchMaxEvents = settings.batchMaxEvents();
        this.batchMinEvents = settings.batchMinEvents();
        this.batchMaxDelayNanos = Duration.ofMillis(settings.batchMaxDelayMs()).toNanos();
        this.queueMaxEvents = settings.queueMaxEvents();
        this.lastInsertStartedNanos = System.nanoTime() - batchMaxDelayNanos;
        for (int i = 0; i < inserters; i++) {
            threads.add(new Thread(this::run, "event-writer-" + i));
        }
        this.accepted = Counter.builder("ingest.events").tag("outcome", "accepted").register(registry);
        this.duplicates = Counter.builder("ingest.events").tag("outcome", "duplicate").register(registry);
        this.refusedFull = Counter.builder("ingest.events").tag("outcome", "queue_full").register(registry);
        this.batchSize = DistributionSummary.builder("ingest.batch.events").register(registry);
        this.insertTimer = Timer.builder("ingest.insert").publishPercentiles(0.5, 0.99).register(registry);
        this.ackTimer = Timer.builder("ingest.ack").description("from submission to durable write")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("ingest.queue.events", this, w -> w.queuedEvents).register(registry);
    }

    /** Loads the ids of recent events so that duplicates are caught across restarts, then starts writing. */
    public void start(int dedupCapacity) {
        long started = System.nanoTime();
        long total = store.count();
        Instant from = total <= dedupCapacity ? null : store.windowStart(dedupCapacity);
        dedup.startWindowAt(from);
        store.idsSince(from == null ? Instant.EPOCH : from, dedup::add);
        LOG.info("dedup index holds {} of {} stored event ids (window from {}) after {} ms", dedup.size(), total,
                from == null ? "the beginning" : from, (System.nanoTime() - started) / 1_000_000);
        threads.forEach(Thread::start);
    }

    /** Registers a listener for queued and settled events (see {@link Listener}). */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Queues validated events; the future completes, in the same order, once they are stored
     * (or found to be duplicates), or fails if storage failed (nothing was acknowledged).
     */
    public CompletableFuture<List<Outcome>> submit(List<CaseEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CaseEvent> copy = List.copyOf(events);
        CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
        long enqueued = System.nanoTime();
        lock.lock();
        try {
            if (closing) {
                throw new WriterClosedException();
            }
            if (queuedEvents + events.size() > queueMaxEvents) {
                refusedFull.increment(events.size());
                throw new QueueFullException("the write queue is full (" + queuedEvents + " of " + queueMaxEvents + " events waiting)");
            }
            List<CaseEvent> fresh = announce(copy);
            queue.add(new Submission(copy, fresh, done, enqueued));
            queuedEvents += events.size();
            // Under the lock, so that no insert can settle these events before they are announced.
            if (!fresh.isEmpty()) {
                for (Listener listener : listeners) {
                    listener.queued(fresh);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /**
     * The events of a new submission that are certainly new: not in the index, not being written,
     * not queued before. Each is the one occurrence of its id that will be stored, unless its insert
     * fails (then it is withdrawn).
     */
    private List<CaseEvent> announce(List<CaseEvent> events) {
        if (listeners.isEmpty()) {
            return List.of();
        }
        List<CaseEvent> fresh = new ArrayList<>(events.size());
        synchronized (dedup) {
            for (CaseEvent e : events) {
                String id = e.eventId();
                if (!announced.containsKey(id) && !inFlight.containsKey(id) && dedup.certainlyNew(id, e.eventTime())) {
                    announced.put(id, e);
                    fresh.add(e);
                }
            }
        }
        return fresh;
    }

    /** The most events that may wait at once ({@code ingest.queueMaxEvents}): a larger submission never fits. */
    public int queueMaxEvents() {
        return queueMaxEvents;
    }

    public int queuedEvents() {
        lock.lock();
        try {
            return queuedEvents;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds writes without taking new ones out of the queue, as a stalled database would. For
     * operations (maintenance) and for the tests that show backpressure.
     */
    public void pause(boolean pause) {
        paused = pause;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking submissions, writes everything already queued, and stops the threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Submission> batch = takeBatch();
            if (batch == null) {
                return;
            }
            write(batch);
        }
    }

    /**
     * Waits for a full batch, for the insert interval to pass, or for enough events to be worth an
     * insert of their own; null once closed and drained. Called only by an inserter that is free,
     * so under load the inserts follow each other without a gap, each taking what arrived during
     * the previous one; at a trickle the interval keeps inserts (and the parts each makes) few.
     */
    private List<Submission> takeBatch() {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    changed.awaitUninterruptibly();
                    continue;
                }
                if (paused && !closing) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                long now = System.nanoTime();
                long wait = lastInsertStartedNanos + batchMaxDelayNanos - now;
                if (queuedEvents >= batchMinEvents || wait <= 0 || closing) {
                    lastInsertStartedNanos = now;
                    return drain();
                }
                changed.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return drain();
        } finally {
            lock.unlock();
        }
    }

    private List<Submission> drain() {
        List<Submission> batch = new ArrayList<>();
        int events = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || events + queue.peek().events().size() <= batchMaxEvents)) {
            Submission s = queue.poll();
            batch.add(s);
            events += s.events().size();
        }
        queuedEvents -= events;
        return batch;
    }

    private void write(List<Submission> batch) {
        Classified c = classify(batch);
        CompletableFuture<Boolean> stored = c.stored();
        List<CaseEvent> fresh;
        try {
            fresh = settleUncertain(c);
            Timer.Sample sample = Timer.start();
            store.insert(fresh);
            sample.stop(insertTimer);
        } catch (RuntimeException e) {
            release(c.reserved(), batch, List.of(), stored, false);
            LOG.warn("storing a batch of {} submissions failed; none acknowledged: {}", batch.size(), e.getMessage());
            batch.forEach(s -> s.done().completeExceptionally(e));
            notifySettled(batch, List.of());
            return;
        }
        release(c.reserved(), batch, fresh, stored, true);
        // The same ids were being written by another batch: this one's repeats are duplicates only
        // if that write succeeded.
        for (CompletableFuture<Boolean> other : c.dependsOn()) {
            if (!other.join()) {
                IllegalStateException e = new IllegalStateException("a concurrent write of the same event ids failed; retry");
                batch.forEach(s -> s.done().completeExceptionally(e));
                notifySettled(batch, fresh);
                return;
            }
        }
        accepted.increment(fresh.size());
        batchSize.record(fresh.size());
        long now = System.nanoTime();
        Set<String> freshIds = new HashSet<>();
        fresh.forEach(e -> freshIds.add(e.eventId()));
        for (Submission s : batch) {
            List<Outcome> perEvent = new ArrayList<>(s.events().size());
            for (CaseEvent e : s.events()) {
                // an id appearing twice in the batch is stored once: the first is the accepted one
                perEvent.add(freshIds.remove(e.eventId()) ? Outcome.ACCEPTED : Outcome.DUPLICATE);
            }
            duplicates.increment(perEvent.stream().filter(o -> o == Outcome.DUPLICATE).count());
            ackTimer.record(now - s.enqueuedNanos(), TimeUnit.NANOSECONDS);
            s.done().complete(perEvent);
        }
        notifySettled(batch, fresh);
    }

    /** Tells the listeners what the batch stored, and which of its announced events were not stored (by identity: the same id may come in two forms). */
    private void notifySettled(List<Submission> batch, List<CaseEvent> stored) {
        Set<CaseEvent> announcedHere = Collections.newSetFromMap(new IdentityHashMap<>());
        batch.forEach(s -> announcedHere.addAll(s.announced()));
        if (listeners.isEmpty() || (stored.isEmpty() && announcedHere.isEmpty())) {
            return;
        }
        Set<CaseEvent> storedHere = Collections.newSetFromMap(new IdentityHashMap<>());
        storedHere.addAll(stored);
        List<CaseEvent> unannounced = stored.stream().filter(e -> !announcedHere.contains(e)).toList();
        List<CaseEvent> withdrawn = new ArrayList<>();
        for (Submission s : batch) {
            s.announced().stream().filter(e -> !storedHere.contains(e)).forEach(withdrawn::add);
        }
        Settled settled = new Settled(stored, unannounced, withdrawn);
        for (Listener listener : listeners) {
            try {
                listener.settled(settled);
            } catch (RuntimeException e) {
                LOG.error("a listener of stored events failed", e);
            }
        }
    }

    /**
     * A batch sorted out against the dedup index and the ids in flight: {@code candidates} are the
     * first occurrence of every id not known to be stored (in batch order), {@code uncertain} those
     * of them the index cannot vouch for, {@code reserved} the ids this batch now holds in flight.
     */
    private record Classified(List<CaseEvent> candidates, List<String> uncertain, List<String> reserved,
                              List<CompletableFuture<Boolean>> dependsOn, CompletableFuture<Boolean> stored) {
    }

    /**
     * Exact duplicate detection, first part: repeats inside the batch by id, ids in flight in another
     * batch, and the dedup index; each new id is reserved for this batch.
     */
    private Classified classify(List<Submission> batch) {
        Set<String> seen = new HashSet<>();
        List<CaseEvent> candidates = new ArrayList<>();
        List<String> uncertain = new ArrayList<>();
        List<String> reserved = new ArrayList<>();
        Set<CompletableFuture<Boolean>> dependsOn = new HashSet<>();
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        synchronized (dedup) {
            for (Submission s : batch) {
                for (CaseEvent e : s.events()) {
                    String id = e.eventId();
                    if (!seen.add(id)) {
                        continue;
                    }
                    CompletableFuture<Boolean> other = inFlight.get(id);
                    if (other != null) {
                        dependsOn.add(other);
                        continue;
                    }
                    if (!dedup.certainlyNew(id, e.eventTime())) {
                        uncertain.add(id);
                    }
                    inFlight.put(id, stored);
                    reserved.add(id);
                    candidates.add(e);
                }
            }
        }
        return new Classified(candidates, uncertain, reserved, List.copyOf(dependsOn), stored);
    }

    /** Second part: the ids the index could not vouch for are looked up in ClickHouse (one query). */
    private List<CaseEvent> settleUncertain(Classified c) {
        if (c.uncertain().isEmpty()) {
            return c.candidates();
        }
        Set<String> stored = store.existing(c.uncertain());
        List<CaseEvent> fresh = new ArrayList<>(c.candidates().size());
        for (CaseEvent e : c.candidates()) {
            if (!stored.contains(e.eventId())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    /**
     * Ends this batch's reservations and announcements; what it stored now lives in the dedup index
     * (in one step, so that no id is ever free to be announced twice).
     */
    private void release(List<String> reserved, List<Submission> batch, List<CaseEvent> stored, CompletableFuture<Boolean> outcome,
                         boolean succeeded) {
        synchronized (dedup) {
            for (CaseEvent e : stored) {
                dedup.add(e.eventId(), e.eventTime());
            }
            for (String id : reserved) {
                inFlight.remove(id);
            }
            for (Submission s : batch) {
                for (CaseEvent e : s.announced()) {
                    announced.remove(e.eventId(), e);
                }
            }
        }
        outcome.complete(succeeded);
    }
}
