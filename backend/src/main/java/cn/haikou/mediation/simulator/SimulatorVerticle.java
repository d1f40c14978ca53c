package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.ClickHouse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo stream of Haikou's mediation cases, posted through the same ingest API as any source.
 *
 * <p>At start it reads the store back ({@link SimulatorStore}) and plans three kinds of cases on one
 * {@link Timeline}:
 * <ul>
 *   <li><b>resumed</b>: simulated cases still open from an earlier run. A case is a pure function of
 *       (seed, case id, receipt, pace), so it is regenerated and continues after the steps already
 *       stored; nothing restarts from scratch and nothing is posted twice;</li>
 *   <li><b>history</b>: the cases of the time the simulator was not running, at the historical rate
 *       ({@link SimulatorSettings#BACKFILL_CASES_PER_DAY}): {@code backfillDays} of them when the
 *       store is empty (the first start), only the few of the gap after a restart, none when the
 *       store holds other data and no simulated cases;</li>
 *   <li><b>live</b>: new arrivals from now on at {@code casesPerHour} times the acceleration.</li>
 * </ul>
 * Every event is released once its time has come (never ahead of the clock, so never beyond the
 * ingest's skew) and posted in time order, one batch in flight at a time. The history's past is
 * therefore posted at once as the backfill, and cases still open at the end of it carry on live.
 *
 * <p>Deploy it as a worker ({@link #deploymentOptions()}): it reads ClickHouse at start and encodes
 * batches of thousands of events, neither of which belongs on an event loop.
 */
public final class SimulatorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);
    /** Live arrivals are planned this far ahead, so each tick only releases what is due. */
    private static final Duration LOOKAHEAD = Duration.ofMinutes(1);

    private final SimulatorSettings settings;
    private final ClickHouse clickHouse;
    private final Clock clock;
    private final CaseGenerator generator;
    private final Arrivals arrivals;
    private final Timeline timeline = new Timeline();
    private final IsoTimes iso;
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final Promise<Void> backfilled = Promise.promise();

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter retries;
    private final Counter splits;
    private final Counter historyCases;
    private final Counter liveCases;
    private final Counter resumedCases;
    private final AtomicInteger openCases = new AtomicInteger();
    private final AtomicLong backfillEvents = new AtomicLong();

    private IngestClient client;
    private long timer = -1;
    private Future<?> inFlight;
    private boolean stopped;
    private boolean refused;
    private int batchMaxEvents;
    private long startedMs;
    private long startedNanos;
    private Instant liveUntil;

    /** {@code backfill}: how many of its events were already due when the simulator started. */
    private record Batch(List<DueEvent> events, Buffer body, int backfill) {
    }

    /** Progress so far, for logs and tests. */
    public record Stats(long accepted, long duplicates, long rejected, long retries, long splits, long historyCases,
                        long liveCases, long resumedCases, long backfillEvents, int openCases) {
    }

    /**
     * @param clickHouse read at start only (what is stored, which simulated cases are open); events
     *                   go through the ingest API
     * @param registry   where its meters go: {@code simulator.events{outcome}}, {@code simulator.cases{origin}},
     *                   {@code simulator.batch.retries}, {@code simulator.batch.splits}, {@code simulator.open.cases}
     */
    public SimulatorVerticle(SimulatorSettings settings, Pack pack, ClickHouse clickHouse, MeterRegistry registry) {
        this.settings = settings;
        this.clickHouse = clickHouse;
        this.clock = Clock.systemUTC();
        this.generator = new CaseGenerator(pack, settings.seed());
        this.arrivals = new Arrivals(generator, settings.seed());
        this.iso = new IsoTimes(pack.zone());
        this.batchMaxEvents = settings.batchMaxEvents();
        this.accepted = events(registry, "accepted");
        this.duplicates = events(registry, "duplicate");
        this.rejected = events(registry, "rejected");
        this.retries = Counter.builder("simulator.batch.retries")
                .description("batches sent again after 429/503/no connection").register(registry);
        this.splits = Counter.builder("simulator.batch.splits")
                .description("batches sent again in halves after 413 or a full queue").register(registry);
        this.historyCases = cases(registry, "history");
        this.liveCases = cases(registry, "live");
        this.resumedCases = cases(registry, "resumed");
        Gauge.builder("simulator.open.cases", openCases, AtomicInteger::get)
                .description("simulated cases with steps to come").register(registry);
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("simulator.events").description("simulated events posted to ingest, by the server's answer")
                .tag("outcome", outcome).register(registry);
    }

    private static Counter cases(MeterRegistry registry, String origin) {
        return Counter.builder("simulator.cases").description("simulated cases planned").tag("origin", origin).register(registry);
    }

    /** How to deploy it: on a worker thread. */
    public static DeploymentOptions deploymentOptions() {
        return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    }

    @Override
    public Future<?> start() {
        if (!context.isWorkerContext()) {
            return Future.failedFuture(new IllegalStateException(
                    "deploy the simulator as a worker: vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions())"));
        }
        try {
            plan(clock.instant());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        client = new IngestClient(vertx, settings.host(), settings.port(), settings.apiKey(), retries::increment);
        timer = vertx.setPeriodic(settings.tickMs(), id -> pump());
        pump();
        return Future.succeededFuture();
    }

    /** Completes when everything that was already due at start (the backfill) has been posted. */
    public Future<Void> backfilled() {
        return backfilled.future();
    }

    public Stats stats() {
        return new Stats((long) accepted.count(), (long) duplicates.count(), (long) rejected.count(), (long) retries.count(),
                (long) splits.count(), (long) historyCases.count(), (long) liveCases.count(), (long) resumedCases.count(),
                backfillEvents.get(), openCases.get());
    }

    /** Plans resumed, history and the first live cases (blocking: reads the store). */
    private void plan(Instant now) {
        startedMs = now.toEpochMilli();
        startedNanos = System.nanoTime();
        Instant openSince = now.minus(generator.maxLifetime());
        Instant backfillFrom = now.minus(Duration.ofDays(settings.backfillDays()));
        SimulatorStore.State state = new SimulatorStore(clickHouse)
                .read(openSince, backfillFrom.isBefore(openSince) ? backfillFrom : openSince);
        for (SimulatorStore.OpenCase open : state.open()) {
            SimCase c = generator.generate(open.caseId(), open.receivedAt(), open.pace());
            timeline.add(c, open.storedEvents(), open.lastEventAt().toEpochMilli() + 1);
            resumedCases.increment();
        }
        Instant historyFrom = historyFrom(now, state);
        List<Arrival> history = historyFrom == null ? List.of()
                : arrivals.between(Arrivals.Stream.HISTORY, historyFrom, now, settings.historyCasesPerHour(), 1.0);
        for (Arrival a : history) {
            timeline.add(generator.generate(a));
        }
        historyCases.increment(history.size());
        liveUntil = now;
        openCases.set(timeline.openCases());
        LOG.info("simulator: {} open cases resumed, {} cases of history{} ({} cases/h x{} live from now, seed {})",
                state.open().size(), history.size(), historyFrom == null ? "" : " from " + historyFrom.truncatedTo(ChronoUnit.SECONDS)
                        + " at " + Math.round(settings.historyCasesPerHour() * 24) + "/day",
                String.format("%.0f", settings.casesPerHour()), SimCase.paceText(settings.acceleration()), settings.seed());
    }

    /**
     * Where history starts: after the last simulated case stored, at most {@code backfillDays} back
     * (the full backfill on an empty store or after a long pause); nothing on a store that holds
     * other sources' data and no simulated cases, which the simulator does not pad with history.
     */
    private Instant historyFrom(Instant now, SimulatorStore.State state) {
        if (settings.backfillDays() == 0) {
            return null;
        }
        Instant earliest = now.minus(Duration.ofDays(settings.backfillDays()));
        if (state.lastReceived() != null) {
            return state.lastReceived().isAfter(earliest) ? state.lastReceived() : earliest;
        }
        return state.totalEvents() == 0 || state.anySimulated() ? earliest : null;
    }

    /** Releases what is due and keeps one batch in flight while there is a backlog. */
    private void pump() {
        if (stopped || refused || inFlight != null) {
            return;
        }
        Instant now = clock.instant();
        planLive(now);
        if (ready.isEmpty()) {
            prepare(now);
        }
        if (!backfilled.future().isComplete() && backfillPosted()) {
            backfillDone();
        }
        Batch batch = ready.poll();
        if (batch == null) {
            return;
        }
        send(batch);
        // Encode the next batch while this one is being stored.
        if (ready.isEmpty()) {
            prepare(now);
        }
    }

    private void planLive(Instant now) {
        Instant horizon = now.plus(LOOKAHEAD);
        if (!horizon.isAfter(liveUntil)) {
            return;
        }
        double pace = settings.acceleration();
        List<Arrival> live = arrivals.between(Arrivals.Stream.LIVE, liveUntil, horizon, settings.casesPerHour() * pace, pace);
        for (Arrival a : live) {
            timeline.add(generator.generate(a));
        }
        liveCases.increment(live.size());
        liveUntil = horizon;
    }

    private void prepare(Instant now) {
        List<DueEvent> due = timeline.due(now, batchMaxEvents);
        openCases.set(timeline.openCases());
        if (!due.isEmpty()) {
            ready.add(new Batch(due, Ndjson.encode(due, iso), backfillCount(due)));
        }
    }

    private int backfillCount(List<DueEvent> events) {
        int n = 0;
        for (DueEvent e : events) {
            n += e.atMillis() <= startedMs ? 1 : 0;
        }
        return n;
    }

    /** True once nothing that was due at start waits in the timeline, in a prepared batch or in flight. */
    private boolean backfillPosted() {
        Instant next = timeline.next();
        return inFlight == null && (next == null || next.toEpochMilli() > startedMs)
                && ready.stream().allMatch(b -> b.backfill() == 0);
    }

    private void send(Batch batch) {
        Future<IngestClient.Result> posted = client.post(batch.body(), batch.events().size());
        inFlight = posted;
        posted.onComplete(ar -> {
            inFlight = null;
            if (ar.succeeded()) {
                record(batch, ar.result());
            } else if (ar.cause() instanceof IngestClient.TooLarge && batch.events().size() > 1) {
                batchMaxEvents = Math.max(1, batch.events().size() / 2);
                LOG.info("ingest refused a batch of {} events as too large; sending at most {} per request",
                        batch.events().size(), batchMaxEvents);
                split(batch);
            } else if (ar.cause() instanceof IngestClient.QueueFull) {
                LOG.info("{}; sending it in halves", ar.cause().getMessage());
                split(batch);
            } else if (ar.cause() instanceof IngestClient.Refused) {
                refused = true;
                LOG.error("simulator stopped: {}", ar.cause().getMessage());
            } else if (!stopped) {
                rejected.increment(batch.events().size());
                LOG.warn("simulator dropped a batch of {} events: {}", batch.events().size(), ar.cause().getMessage());
            }
            if (!stopped && !ready.isEmpty()) {
                pump();
            }
        });
    }

    private void record(Batch batch, IngestClient.Result result) {
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        rejected.increment(result.rejected());
        backfillEvents.addAndGet(batch.backfill());
        if (result.rejected() > 0) {
            LOG.warn("ingest rejected {} of {} simulated events, e.g. {}", result.rejected(), batch.events().size(),
                    result.firstProblem());
        }
    }

    /** Sends a refused batch again in two halves, ahead of anything prepared after it. */
    private void split(Batch batch) {
        splits.increment();
        List<DueEvent> events = batch.events();
        int half = (events.size() + 1) / 2;
        ArrayDeque<Batch> halves = new ArrayDeque<>();
        for (int from = 0; from < events.size(); from += half) {
            List<DueEvent> part = events.subList(from, Math.min(events.size(), from + half));
            halves.add(new Batch(part, Ndjson.encode(part, iso), backfillCount(part)));
        }
        // Keep time order: the halves go before anything prepared after the refused batch.
        while (!ready.isEmpty()) {
            halves.add(ready.poll());
        }
        ready.addAll(halves);
    }

    private void backfillDone() {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        long events = backfillEvents.get();
        if (events > 0) {
            LOG.info("simulator backfill done: {} events in {} ms ({} events/s); {} cases still open continue live", events, ms,
                    events * 1000 / Math.max(1, ms), timeline.openCases());
        }
        backfilled.tryComplete();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        backfilled.tryFail("the simulator stopped");
        if (client == null) {
            return Future.succeededFuture();
        }
        // Let a batch in flight be answered, so its events are not left half-acknowledged.
        client.stopRetrying();
        Future<?> pending = inFlight == null ? Future.succeededFuture() : inFlight;
        Promise<Void> drained = Promise.promise();
        long guard = vertx.setTimer(TimeUnit.SECONDS.toMillis(10), t -> drained.tryComplete());
        pending.onComplete(ar -> {
            vertx.cancelTimer(guard);
            drained.tryComplete();
        });
        return drained.future().compose(v -> client.close());
    }
}
