package cn.haikou.mediation.bootstrap;

import cn.haikou.mediation.analytics.AnalyticsRoutes;
import cn.haikou.mediation.cases.CaseRoutes;
import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.http.HttpVerticle;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventStore;
import cn.haikou.mediation.ingest.EventWriter;
import cn.haikou.mediation.importer.CsvImporter;
import cn.haikou.mediation.importer.ImportJobs;
import cn.haikou.mediation.importer.ImportRoutes;
import cn.haikou.mediation.ingest.IngestRoutes;
import cn.haikou.mediation.live.LiveBridge;
import cn.haikou.mediation.live.LiveVerticle;
import cn.haikou.mediation.live.Screens;
import cn.haikou.mediation.security.AccessTokens;
import cn.haikou.mediation.security.Authorizer;
import cn.haikou.mediation.security.Role;
import cn.haikou.mediation.security.TokenRoutes;
import cn.haikou.mediation.simulator.SimulatorSettings;
import cn.haikou.mediation.simulator.SimulatorVerticle;
import cn.haikou.mediation.ui.UiRoutes;
import cn.haikou.mediation.security.ApiKeys;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.metrics.Metrics;
import cn.haikou.mediation.ops.HealthRoutes;
import cn.haikou.mediation.storage.BlockingStore;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.MeteredClickHouse;
import cn.haikou.mediation.storage.Storage;
import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wires the server: storage (migrated), Vert.x with Micrometer, the capabilities, and one HTTP
 * verticle per event loop. {@link #start()} is one compose chain; {@link #stop()} undoes it in
 * reverse and is safe to call from a shutdown hook.
 */
public final class MediationServer {

    private static final Logger LOG = LoggerFactory.getLogger(MediationServer.class);
    private static final long TOKEN_REFRESH_MS = 5_000;

    private final AppConfig config;
    private final Metrics metrics = new Metrics();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Vertx vertx;
    private ClickHouse clickHouse;
    private BlockingStore store;
    private EventWriter writer;
    private AccessTokens tokens;
    private LiveVerticle live;
    private ImportJobs imports;
    private String simulatorId;
    private int schemaVersion;
    private int httpPort;

    public MediationServer(AppConfig config) {
        this.config = config;
    }

    /**
     * Opens storage, starts Vert.x and every capability; completes once HTTP listens. On failure
     * the caller calls {@link #stop()} (not from an event loop: stopping waits for Vert.x to close).
     */
    public Future<MediationServer> start() {
        long started = System.nanoTime();
        Pack pack;
        try {
            pack = Pack.load(config.pack());
            Storage.Opened opened = Storage.open(config.clickhouse());
            ClickHouse raw = opened.clickHouse();
            schemaVersion = opened.schemaVersion();
            registerShutdown(raw);
            clickHouse = new MeteredClickHouse(raw, metrics.registry());
            tokens = new AccessTokens(config.security().tokens(), clickHouse);
            tokens.refresh();
            writer = newWriter();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }

        int eventLoops = Math.max(2, Runtime.getRuntime().availableProcessors());
        vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(eventLoops)
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        // A ClickHouse call still running when Vert.x closes cannot hand back its answer; that is
        // expected during shutdown and not worth a stack trace.
        vertx.exceptionHandler(e -> {
            if (stopped.get() && e instanceof RejectedExecutionException) {
                LOG.debug("work finished after shutdown: {}", e.toString());
            } else {
                LOG.error("unhandled failure on an event loop", e);
            }
        });
        store = new BlockingStore(vertx, clickHouse, config.clickhouse().poolSize());
        // Revocations made on any node reach this one within the refresh period.
        vertx.setPeriodic(TOKEN_REFRESH_MS, id -> store.call(ch -> {
            tokens.refresh();
            return null;
        }));

        AppConfig.Ingest ingest = config.ingest();
        Authorizer authorizer = new Authorizer(tokens);
        Screens screens = new Screens(metrics.registry(), config.live().maxSocketQueueBytes(), unsentBudget(config.live()));
        live = new LiveVerticle(pack, store, config.live(), Clock.systemUTC(), metrics.registry(), screens);
        LiveBridge bridge = new LiveBridge(tokens, screens, config.live(), metrics.registry());

        EventParser parser = new EventParser(pack, Clock.systemUTC());
        ApiKeys apiKeys = new ApiKeys(ingest.apiKeys(), ingest.revokedKeys());
        try {
            // Refuses an invalid csvImport mapping; a pack without one still starts (imports answer 409).
            imports = new ImportJobs(new CsvImporter(parser, writer, CsvImporter.chunkEvents(ingest)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }

        List<Routes> routes = new ArrayList<>();
        routes.add(metrics::mount);
        routes.add(new HealthRoutes(store, schemaVersion, this::healthDetails));
        routes.add(new IngestRoutes(parser, writer, apiKeys, config.http().bodyLimitBytes(), ingest.requestMaxEvents()));
        routes.add(new ImportRoutes(imports, apiKeys, config.http().bodyLimitBytes()));
        routes.add(bridge);
        routes.add(new TokenRoutes(authorizer, store));
        routes.add(new CaseRoutes(authorizer, store));
        routes.add(new AnalyticsRoutes(store, pack, config.analytics(), ctx -> authorizer.require(ctx, Role.ANALYST), Clock.systemUTC()));
        routes.add(new UiRoutes());

        AppConfig.Http http = config.http();
        List<HttpVerticle> verticles = new ArrayList<>();
        // Loading the dedup window and seeding the live figures are both reads of the store, each a
        // second or more on a store with history: they run side by side, and HTTP opens after both.
        Future<Void> writerStarted = store.call(ch -> {
            writer.start(ingest.dedupWindowEvents());
            return null;
        });
        return Future.all(vertx.deployVerticle(live), writerStarted)
                .compose(both -> {
                    // Before HTTP opens, so that no stored event can miss the live figures.
                    writer.listen(new EventWriter.Listener() {
                        @Override
                        public void queued(List<CaseEvent> events) {
                            live.queued(events);
                        }

                        @Override
                        public void settled(EventWriter.Settled settled) {
                            live.settled(settled.stored(), settled.storedUnannounced(), settled.withdrawn());
                        }
                    });
                    return vertx.deployVerticle(() -> {
                        HttpVerticle v = new HttpVerticle(http, config.live().maxFrameBytes(), routes);
                        synchronized (verticles) {
                            verticles.add(v);
                        }
                        return v;
                    }, new DeploymentOptions().setInstances(eventLoops));
                })
                .map(id -> {
                    httpPort = verticles.get(0).actualPort();
                    LOG.info("server ready on {} in {} ms (transport {}, schema v{})", url(),
                            (System.nanoTime() - started) / 1_000_000, clickHouse.transport(), schemaVersion);
                    return this;
                })
                .compose(s -> config.simulator().enabled() ? deploySimulator(pack) : Future.succeededFuture(s));
    }

    /** The demo stream posts through the ingest API like any source, so it starts once HTTP listens. */
    private Future<MediationServer> deploySimulator(Pack pack) {
        SimulatorVerticle simulator;
        try {
            simulator = new SimulatorVerticle(SimulatorSettings.from(config, httpPort), pack, clickHouse, metrics.registry());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).map(id -> {
            simulatorId = id;
            return this;
        });
    }

    /** live.maxUnsentBytesTotal, or a quarter of the direct memory Netty may use for socket buffers. */
    static long unsentBudget(AppConfig.Live live) {
        return live.maxUnsentBytesTotal() > 0 ? live.maxUnsentBytesTotal()
                : Math.max(16L << 20, io.netty.util.internal.PlatformDependent.maxDirectMemory() / 4);
    }

    private EventWriter newWriter() {
        AppConfig.Ingest ingest = config.ingest();
        return new EventWriter(new EventStore(clickHouse), ingest, metrics.registry());
    }

    /** Stops taking requests, lets every capability finish what it acknowledged, closes storage. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.info("stopping");
        if (simulatorId != null) {
            // First, so that its batch in flight is answered rather than refused by a closed writer.
            try {
                vertx.undeploy(simulatorId).await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("the simulator did not stop cleanly: {}", e.toString());
            }
        }
        if (imports != null) {
            // Stops a running import between rows; its chunks in flight are still written.
            imports.close();
        }
        if (writer != null) {
            // Before HTTP closes: whatever was queued is written (and a client whose answer is lost
            // in the shutdown will find its retry reported as a duplicate, not stored twice).
            writer.close();
        }
        if (store != null && !store.awaitIdle(Duration.ofSeconds(config.clickhouse().maxExecutionSeconds()))) {
            LOG.warn("ClickHouse calls still running at shutdown; their answers are dropped");
        }
        if (vertx != null) {
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.toString());
            }
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
        LOG.info("stopped");
    }

    public String url() {
        String publicUrl = config.http().publicUrl();
        return publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + httpPort : publicUrl;
    }

    public int httpPort() {
        return httpPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    public ClickHouse clickHouse() {
        return clickHouse;
    }

    public AccessTokens tokens() {
        return tokens;
    }

    public LiveVerticle live() {
        return live;
    }

    public EventWriter writer() {
        return writer;
    }

    public Metrics metrics() {
        return metrics;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    private JsonObject healthDetails() {
        return new JsonObject();
    }

    /**
     * The embedded engine's own shutdown hook runs {@link #stop()} first and closes connections
     * after, so acknowledged work is flushed while the engine is still open. A server transport
     * only needs a plain hook.
     */
    private void registerShutdown(ClickHouse raw) {
        if (raw instanceof EmbeddedClickHouse embedded) {
            embedded.beforeEngineClose(this::stop);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "server-shutdown"));
        }
    }
}
