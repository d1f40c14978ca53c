package cn.haikou.mediation.live;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.BlockingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Keeps the wall's aggregates for the whole node and publishes them. Computed once, whatever the
 * number of screens: event counts advance in memory with every event queued for writing (taken
 * back if its write fails) or, with {@code showQueuedEvents} off, with every stored batch; the
 * case-state figures are re-read every {@code idleRefreshMs} (overdue changes with time alone)
 * plus once {@code slowRefreshMs} after writes (or ten times the last read, see {@link #caseRefreshDelayMs}).
 *
 * <p>Updates are coalesced per address (see {@link #flush()}); a
 * heartbeat with the server time and data watermark goes out every {@code heartbeatMs}. Today
 * rolls over at midnight in the pack's zone. All state lives on this verticle's context.
 */
public final class LiveVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(LiveVerticle.class);

    private final Pack pack;
    private final BlockingStore store;
    private final AppConfig.Live settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Screens screens;
    private final Panels panels;
    private final EarlyWarnings warnings;
    private final DayBuckets buckets;
    private final ArrayDeque<JsonObject> feed = new ArrayDeque<>();
    /**
     * An update carries at most this many new events (the snapshot keeps {@code feedSize}). At two to
     * five updates a second that is still more rows than anyone in the hall can read; under a burst
     * the older ones would only be pushed off the wall at once, and they cost every screen bytes: the
     * feed is most of a pulse. Ten per update gave 6.7 KB/s per screen at 10,000 screens and 200
     * events/s, five 4.0 KB/s (a server's egress: 536 against 320 Mbit/s), the delay the same.
     */
    static final int FEED_UPDATE_MAX = 5;
    /** The longest wait for the next case-state read after writes, however long the last one took. */
    static final long MAX_CASE_REFRESH_DELAY_MS = 60_000;
    private final List<JsonObject> feedPending = new ArrayList<>();
    /** The next feed update must replace the screens' list (events were taken off it). */
    private boolean feedReplace;
    private final Set<String> dirty = new HashSet<>();
    /**
     * Every address that carries a panel: not the heartbeat (its own timer) nor the pulse (made of
     * the fast panels; as a dirty address of its own it would hold them back a tick).
     */
    private static final List<String> PANELS = LiveAddresses.ALL.stream()
            .filter(a -> !a.equals(LiveAddresses.HEARTBEAT) && !a.equals(LiveAddresses.PULSE)).toList();
    /** The latest snapshot data of each fast panel, for the pulse's snapshot (in {@link LiveAddresses#IN_PULSE} order). */
    private final Map<String, String> pulseSnapshots = new LinkedHashMap<>();
    /** The whole state last published on each {@link LiveAddresses#CHANGES_ONLY} address. */
    private final Map<String, JsonObject> lastWhole = new HashMap<>();

    private LivePublisher publisher;
    private LiveQueries queries;
    private LocalDate today;
    /** Received events before the in-memory window: this month's, this year's, all (see {@link LiveQueries#receivedBefore}). */
    private long[] receivedBefore = new long[3];
    private LiveQueries.CaseFigures cases = LiveQueries.CaseFigures.EMPTY;
    private Instant watermark;
    private Instant lastWriteAt;
    private final Map<String, Long> lastPublished = new HashMap<>();
    /**
     * The pending flush timer and when it fires (-1 and MAX_VALUE: none). New changes may be due
     * before it: a feed update must not wait for the bigger panels' next turn (up to
     * {@code panelRefreshMs}), which is what a single "a flush is scheduled" flag did.
     */
    private long flushTimer = -1;
    private long flushAt = Long.MAX_VALUE;
    /** A case-state read is scheduled after writes. */
    private boolean caseRefreshPending;
    /** Events were stored since the case-state read under way (or the last one) began. */
    private boolean writtenSinceCaseRead;
    /** Duration of the last case-state read, including its wait for a connection and its pauses for inserts. */
    private long lastCaseRefreshMs;
    private boolean slowRunning;

    public LiveVerticle(Pack pack, BlockingStore store, AppConfig.Live settings, Clock clock, MeterRegistry registry, Screens screens) {
        this.pack = pack;
        this.screens = screens;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.panels = new Panels(pack);
        this.warnings = new EarlyWarnings(pack);
        this.buckets = new DayBuckets(pack.zone());
    }

    /**
     * Events just queued for writing and certainly new (from the writer's thread, under its lock).
     * With {@code showQueuedEvents} they count at once: the insert takes 50-400 ms on two cores, and
     * the wall should move within a quarter second of a POST. They are taken back in the rare case
     * their write fails ({@link #settled}).
     */
    public void queued(List<CaseEvent> events) {
        if (settings.showQueuedEvents()) {
            context.runOnContext(v -> show(events));
        }
    }

    /**
     * After each insert (from the writer's thread): what it stored, which of those were never
     * announced as queued, and which announced events were not stored after all.
     */
    public void settled(List<CaseEvent> stored, List<CaseEvent> storedUnannounced, List<CaseEvent> withdrawn) {
        context.runOnContext(v -> {
            if (settings.showQueuedEvents()) {
                show(storedUnannounced);
                withdraw(withdrawn);
            } else {
                show(stored);
            }
            if (!stored.isEmpty()) {
                afterWrite(stored);
            }
        });
    }

    @Override
    public Future<?> start() {
        publisher = new LivePublisher(screens, registry);
        queries = new LiveQueries(store.clickHouse(), pack.zone());
        today = LocalDate.now(clock.withZone(pack.zone()));
        long started = System.nanoTime();
        LocalDate first = DayBuckets.firstDay(today);
        return store.call(ch -> {
            queries.seed(buckets, first);
            long[] before = totalsBefore(first);
            LiveQueries.CaseFigures figures;
            try {
                figures = readCaseFigures(clock.instant(), todayStart());
            } catch (RuntimeException e) {
                // The wall starts without them rather than not at all; the next refresh tries again.
                LOG.error("reading the case-state figures failed; the wall shows them after the next refresh: {}", e.getMessage());
                figures = LiveQueries.CaseFigures.EMPTY;
            }
            List<CaseEvent> recent = queries.recentEvents(settings.feedSize());
            return new Object[] {before, figures, recent, queries.watermark()};
        }).map(seeded -> {
            receivedBefore = (long[]) seeded[0];
            cases = (LiveQueries.CaseFigures) seeded[1];
            @SuppressWarnings("unchecked")
            List<CaseEvent> recent = (List<CaseEvent>) seeded[2];
            recent.forEach(e -> feed.addLast(panels.feedItem(e)));
            watermark = (Instant) seeded[3];
            dirty.addAll(PANELS);
            flush();
            heartbeat();
            vertx.setPeriodic(settings.heartbeatMs(), id -> heartbeat());
            // Overdue moves with time alone: a fixed cadence whatever the screens, unless writes have a read scheduled already.
            vertx.setPeriodic(settings.idleRefreshMs(), id -> {
                if (!caseRefreshPending) {
                    refreshCases();
                }
            });
            scheduleMidnight();
            LOG.info("live aggregates seeded for {} in {} ms", today, (System.nanoTime() - started) / 1_000_000);
            return null;
        });
    }

    /** Counts events in the figures and puts the newest in the feed. */
    private void show(List<CaseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (CaseEvent e : events) {
            if (!buckets.add(e, today) && e.kind() == EventKind.RECEIVED) {
                countReceivedBeforeWindow(e.eventTime(), 1);
            }
        }
        int from = Math.max(0, events.size() - settings.feedSize());
        for (CaseEvent e : events.subList(from, events.size())) {
            JsonObject item = panels.feedItem(e);
            feedPending.add(item);
            feed.addFirst(item);
            while (feed.size() > settings.feedSize()) {
                feed.removeLast();
            }
        }
        while (feedPending.size() > FEED_UPDATE_MAX) {
            feedPending.remove(0);
        }
        markEventPanelsDirty();
    }

    /** Takes back events shown while queued whose write failed: out of the figures and off the feed. */
    private void withdraw(List<CaseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (CaseEvent e : events) {
            ids.add(e.eventId());
            if (!buckets.remove(e, today) && e.kind() == EventKind.RECEIVED) {
                countReceivedBeforeWindow(e.eventTime(), -1);
            }
        }
        feedPending.removeIf(item -> ids.contains(item.getString("eventId")));
        if (feed.removeIf(item -> ids.contains(item.getString("eventId")))) {
            feedReplace = true;
        }
        LOG.warn("{} events shown while queued were not stored; taken back from the wall", events.size());
        markEventPanelsDirty();
    }

    /** Stored events advance the data watermark and, soon after, the case-state figures. */
    private void afterWrite(List<CaseEvent> stored) {
        for (CaseEvent e : stored) {
            if (watermark == null || e.eventTime().isAfter(watermark)) {
                watermark = e.eventTime();
            }
        }
        lastWriteAt = clock.instant();
        writtenSinceCaseRead = true;
        scheduleCaseRefresh();
    }

    /**
     * One case-state read {@link #caseRefreshDelayMs} after writes. While a read runs nothing is
     * scheduled: when it ends, the writes it may have missed schedule the next, with the delay its
     * own length sets. (Scheduling from the writes during a slow read, with the length of the read
     * before it, had reads run 40% of the time under a sustained stream.)
     */
    private void scheduleCaseRefresh() {
        if (caseRefreshPending || slowRunning) {
            return;
        }
        caseRefreshPending = true;
        vertx.setTimer(caseRefreshDelayMs(), id -> {
            caseRefreshPending = false;
            refreshCases();
        });
    }

    private void markEventPanelsDirty() {
        markDirty(LiveAddresses.KPI, LiveAddresses.TYPES, LiveAddresses.REGIONS, LiveAddresses.CHANNELS, LiveAddresses.TREND,
                LiveAddresses.HOTSPOTS, LiveAddresses.FEED, LiveAddresses.WARNINGS);
    }

    /**
     * History that arrives while the server runs (a bulk import, the simulator resuming its
     * back-fill) is older than the in-memory days: it still counts in this year's and the overall
     * received totals, as the seeding query would have counted it. (Never in this month's: the
     * window holds 31 days, so what lies before it lies before the month too.)
     */
    private void countReceivedBeforeWindow(Instant eventTime, int sign) {
        LocalDate day = eventTime.atZone(pack.zone()).toLocalDate();
        if (!day.isBefore(DayBuckets.firstDay(today))) {
            return; // after the window (beyond the clock skew ingest allows): not a received total yet
        }
        receivedBefore[2] += sign;
        if (day.getYear() == today.getYear()) {
            receivedBefore[1] += sign;
        }
    }

    private void markDirty(String... addresses) {
        dirty.addAll(List.of(addresses));
        flush();
    }

    /**
     * Publishes each dirty panel whose interval has passed (the bigger panels every
     * {@code panelRefreshMs}: bytes per second per screen set the fan-out ceiling; the fast ones,
     * KPIs, feed and trend, together every {@code refreshMs}, also as one {@link LiveAddresses#PULSE}
     * frame), and schedules the rest.
     */
    private void flush() {
        long now = System.currentTimeMillis();
        long nextWait = Long.MAX_VALUE;
        long fastInterval = fastIntervalMs(settings.refreshMs(), fastWritesPerPublish(), settings.maxPulseWritesPerSecond());
        List<String> fastDue = new ArrayList<>();
        for (String address : List.copyOf(dirty)) {
            // the panels that move with every event go out together; the others change shape slowly and are bigger
            boolean fast = LiveAddresses.IN_PULSE.contains(address);
            String key = fast ? LiveAddresses.PULSE : address;
            long wait = lastPublished.getOrDefault(key, 0L) + (fast ? fastInterval : settings.panelRefreshMs()) - now;
            if (wait > 0) {
                nextWait = Math.min(nextWait, wait);
                continue;
            }
            if (fast) {
                fastDue.add(address);
            } else {
                publish(address);
                lastPublished.put(key, now);
            }
            dirty.remove(address);
        }
        if (!fastDue.isEmpty()) {
            publishFast(fastDue);
            lastPublished.put(LiveAddresses.PULSE, now);
        }
        if (nextWait != Long.MAX_VALUE && now + nextWait < flushAt) {
            if (flushTimer >= 0) {
                vertx.cancelTimer(flushTimer);
            }
            flushAt = now + nextWait;
            flushTimer = vertx.setTimer(nextWait, id -> {
                flushTimer = -1;
                flushAt = Long.MAX_VALUE;
                flush();
            });
        }
    }

    /** Socket writes one publish of the fast panels costs: each screen gets each fast address it watches. */
    private long fastWritesPerPublish() {
        long writes = screens.subscriberCount(LiveAddresses.PULSE);
        for (String address : LiveAddresses.IN_PULSE) {
            writes += screens.subscriberCount(address);
        }
        return writes;
    }

    /**
     * {@code refreshMs}, or longer when that many writes per publish would exceed
     * {@code maxWritesPerSecond}: past that the screens' updates queue behind one another on the
     * event loops and every update arrives later than a slower cadence would bring it.
     */
    static long fastIntervalMs(int refreshMs, long writesPerPublish, int maxWritesPerSecond) {
        return Math.max(refreshMs, writesPerPublish * 1000 / Math.max(1, maxWritesPerSecond));
    }

    /**
     * Publishes the due fast panels on their own addresses and, reusing their encoding, as one pulse
     * (none if nothing changed).
     */
    private void publishFast(List<String> due) {
        StringBuilder update = new StringBuilder("{");
        for (String address : LiveAddresses.IN_PULSE) {
            if (!due.contains(address)) {
                continue;
            }
            LivePublisher.Encoded encoded = publishFastPanel(address);
            if (encoded != null) {
                pulseSnapshots.put(address, encoded.snapshot());
                appendPart(update, address, encoded.update());
            }
        }
        if (update.length() == 1) {
            return; // nothing moved (say, the case figures were re-read unchanged)
        }
        StringBuilder snapshot = new StringBuilder("{");
        pulseSnapshots.forEach((address, data) -> appendPart(snapshot, address, data));
        publisher.publishEncoded(LiveAddresses.PULSE, update.append('}').toString(), snapshot.append('}').toString());
    }

    /** The pulse's part names are the addresses without {@code live.}: they need no escaping. */
    private static void appendPart(StringBuilder json, String address, String data) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(address, "live.".length(), address.length()).append("\":").append(data);
    }

    /** Publishes one fast panel; null when it is changes-only and nothing changed. */
    private LivePublisher.Encoded publishFastPanel(String address) {
        return switch (address) {
            case LiveAddresses.KPI -> publishWhole(address, panels.kpi(buckets, today, receivedBefore, cases));
            case LiveAddresses.TREND -> publishWhole(address, panels.trend(buckets, today, now().getHour()));
            case LiveAddresses.FEED -> {
                JsonObject whole = new JsonObject().put("events", new JsonArray(new ArrayList<>(feed)));
                // After a withdrawal the update is the whole list, marked to replace what the screen shows.
                JsonObject update = feedReplace ? whole.copy().put("replace", true)
                        : new JsonObject().put("events", new JsonArray(new ArrayList<>(feedPending)));
                feedPending.clear();
                feedReplace = false;
                yield publisher.publish(address, update, whole);
            }
            default -> throw new IllegalArgumentException("not a fast panel: " + address);
        };
    }

    /**
     * Publishes a panel's whole state: as the update too, or, on a {@link LiveAddresses#CHANGES_ONLY}
     * address, with only what changed since the last as the update (nothing when nothing did: null).
     */
    private LivePublisher.Encoded publishWhole(String address, JsonObject whole) {
        if (!LiveAddresses.CHANGES_ONLY.contains(address)) {
            return publisher.publish(address, whole);
        }
        JsonObject changes = JsonChanges.between(lastWhole.get(address), whole);
        if (changes.isEmpty()) {
            return null;
        }
        lastWhole.put(address, whole);
        return publisher.publish(address, changes, whole);
    }

    private void publish(String address) {
        switch (address) {
            case LiveAddresses.TYPES -> publisher.publish(address, panels.types(buckets, today));
            case LiveAddresses.REGIONS -> publisher.publish(address, panels.regions(buckets, today));
            case LiveAddresses.CHANNELS -> publisher.publish(address, panels.channels(buckets, today));
            case LiveAddresses.HOTSPOTS -> publisher.publish(address, panels.hotspots(buckets, today));
            case LiveAddresses.WORKLOAD -> publisher.publish(address, panels.workload(cases));
            case LiveAddresses.OVERDUE -> publisher.publish(address, panels.overdue(cases));
            case LiveAddresses.MASS -> publisher.publish(address, panels.mass(cases));
            case LiveAddresses.WARNINGS -> publisher.publish(address, warnings.compute(buckets, today, dayElapsed(), cases, todayStart()));
            default -> { }
        }
    }

    private void heartbeat() {
        publisher.publish(LiveAddresses.HEARTBEAT, new JsonObject()
                .put("serverTime", clock.instant().toString())
                .put("watermark", watermark == null ? null : watermark.toString())
                .put("lastWriteAt", lastWriteAt == null ? null : lastWriteAt.toString())
                .put("timeZone", pack.zone().getId())
                .put("day", today.toString())
                .put("city", pack.name()));
    }

    /**
     * How long after a write, and after the last read ended, the case-state figures are re-read:
     * {@code slowRefreshMs}, or ten times the last read if that is longer (at most a minute). The
     * read covers every case of the horizon, so it grows with the store; under a heavy write load it
     * would otherwise take a core's worth of the CPU the inserts need. This way reads run at most
     * about a tenth of the time; the minute bounds how stale the figures get when a read is slow
     * because it paused for inserts ({@link cn.haikou.mediation.storage.QueryPriority}).
     */
    long caseRefreshDelayMs() {
        return Math.max(settings.slowRefreshMs(), Math.min(10 * lastCaseRefreshMs, MAX_CASE_REFRESH_DELAY_MS));
    }

    private LiveQueries.CaseFigures readCaseFigures(Instant at, Instant dayStart) {
        return queries.caseFigures(at, dayStart, dayStart.minus(Duration.ofDays(settings.caseHorizonDays())));
    }

    /** Re-reads the case-state figures unless a read is already running. */
    private void refreshCases() {
        if (slowRunning) {
            return;
        }
        slowRunning = true;
        writtenSinceCaseRead = false;
        Instant at = clock.instant();
        Instant dayStart = todayStart();
        long started = System.nanoTime();
        store.call(ch -> readCaseFigures(at, dayStart)).onComplete(ar -> {
            slowRunning = false;
            lastCaseRefreshMs = (System.nanoTime() - started) / 1_000_000;
            if (writtenSinceCaseRead) {
                scheduleCaseRefresh();
            }
            if (ar.succeeded()) {
                cases = ar.result();
                markDirty(LiveAddresses.KPI, LiveAddresses.WORKLOAD, LiveAddresses.OVERDUE, LiveAddresses.MASS, LiveAddresses.WARNINGS);
            } else {
                LOG.warn("refreshing case figures failed: {}", ar.cause().getMessage());
            }
        });
    }

    private void scheduleMidnight() {
        ZonedDateTime next = today.plusDays(1).atStartOfDay(pack.zone());
        long wait = Math.max(1, Duration.between(clock.instant(), next.toInstant()).toMillis() + 1);
        vertx.setTimer(wait, id -> rollOver());
    }

    private void rollOver() {
        today = LocalDate.now(clock.withZone(pack.zone()));
        buckets.trim(today);
        LocalDate first = DayBuckets.firstDay(today);
        LOG.info("day rolled over to {}", today);
        store.call(ch -> totalsBefore(first)).onComplete(ar -> {
            if (ar.succeeded()) {
                receivedBefore = ar.result();
            }
            dirty.addAll(PANELS);
            flush();
            refreshCases();
            scheduleMidnight();
        });
    }

    private long[] totalsBefore(LocalDate first) {
        return queries.receivedBefore(first.atStartOfDay(pack.zone()).toInstant(),
                today.withDayOfMonth(1).atStartOfDay(pack.zone()).toInstant(),
                today.withDayOfYear(1).atStartOfDay(pack.zone()).toInstant());
    }

    private Instant todayStart() {
        return today.atStartOfDay(pack.zone()).toInstant();
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(pack.zone());
    }

    private double dayElapsed() {
        return Duration.between(todayStart(), clock.instant()).toMillis() / 86_400_000.0;
    }
}
