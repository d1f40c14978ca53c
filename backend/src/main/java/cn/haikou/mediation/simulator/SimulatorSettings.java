package cn.haikou.mediation.simulator;

import cn.haikou.mediation.config.AppConfig;

/**
 * What the simulator needs to run: the stream's shape (seed, rates, acceleration, backfill) and
 * where the server's own ingest API listens.
 *
 * @param seed                everything generated follows from it (same seed, same stream)
 * @param casesPerHour        mean live arrival rate at acceleration 1
 * @param acceleration        live time runs this many times faster: that many more arrivals per real
 *                            hour and lifecycles that many times shorter (1.0 = real time)
 * @param backfillDays        history generated when the store holds no simulated cases yet
 * @param backfillCasesPerDay the historical rate of that history (see {@link #BACKFILL_CASES_PER_DAY})
 * @param apiKey              the ingest key the simulator posts with (one of {@code ingest.apiKeys})
 * @param host                the server's own address, as the simulator connects to it
 * @param port                the server's actual HTTP port
 * @param batchMaxEvents      events per POST at most
 * @param tickMs              how often due events are released
 */
public record SimulatorSettings(long seed, double casesPerHour, double acceleration, int backfillDays,
                                double backfillCasesPerDay, String apiKey, String host, int port, int batchMaxEvents,
                                long tickMs) {

    /**
     * History at 200 cases a day. Haikou's committees mediate ~18 disputes a day and the whole 12345
     * hotline takes ~5,000 work orders a day; 200 a day is a busy mediation platform, dense enough
     * for every trend, type and town chart to have data at first start. 90 days of it are ~18,000
     * cases and ~143,000 events (~65 MB of NDJSON); through the real ingest path that costs 15-22 s
     * of process CPU (SimulatorBackfillBench, 2 cores), nearly all of it the server parsing and
     * inserting, so first start stays under 30 s. 300 a day cost 28-33 s of CPU; a hotline-wide
     * history (~450,000 cases) would take minutes and belongs to the bench tools.
     */
    public static final double BACKFILL_CASES_PER_DAY = 200;
    /**
     * Events per request: the ingest route parses a request on an event loop (~20 us per event),
     * so 5,000 holds one loop for ~0.1 s, while inserts stay large enough to amortise their fixed cost.
     */
    public static final int BATCH_MAX_EVENTS = 5_000;
    public static final long TICK_MS = 250;

    public SimulatorSettings {
        if (!(casesPerHour > 0) || !(acceleration > 0) || !(backfillCasesPerDay >= 0) || backfillDays < 0) {
            throw new IllegalArgumentException("simulator: casesPerHour and acceleration must be positive, backfillDays "
                    + "and the backfill rate not negative (got " + casesPerHour + ", " + acceleration + ", " + backfillDays
                    + ", " + backfillCasesPerDay + ")");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("simulator.apiKey must be set to one of ingest.apiKeys");
        }
        if (batchMaxEvents < 1 || tickMs < 1) {
            throw new IllegalArgumentException("simulator: batchMaxEvents and tickMs must be positive");
        }
    }

    /**
     * From the server's configuration, posting to its own HTTP port. Fails at start-up, not at the
     * first post, when {@code simulator.apiKey} is not one of {@code ingest.apiKeys} or is revoked.
     */
    public static SimulatorSettings from(AppConfig config, int httpPort) {
        String key = config.simulator().apiKey();
        boolean known = config.ingest().apiKeys().stream().anyMatch(k -> k.key().equals(key));
        if (!known || config.ingest().revokedKeys().contains(key)) {
            throw new IllegalArgumentException("simulator.apiKey must be one of ingest.apiKeys (and not revoked): "
                    + "the simulator posts through the ingest API like any source");
        }
        return from(config.simulator(), config.http().host(), httpPort);
    }

    /** From the configuration, posting to this server at {@code httpHost}:{@code httpPort}. */
    public static SimulatorSettings from(AppConfig.Simulator config, String httpHost, int httpPort) {
        return new SimulatorSettings(config.seed(), config.casesPerHour(), config.acceleration(), config.backfillDays(),
                BACKFILL_CASES_PER_DAY, config.apiKey(), connectableHost(httpHost), httpPort, BATCH_MAX_EVENTS, TICK_MS);
    }

    /** Backfill history at this many cases a day. */
    public SimulatorSettings withBackfill(int days, double casesPerDay) {
        return new SimulatorSettings(seed, casesPerHour, acceleration, days, casesPerDay, apiKey, host, port,
                batchMaxEvents, tickMs);
    }

    /** The rate of generated history: never more than the live rate, so a slow demo stays slow. */
    double historyCasesPerHour() {
        return Math.min(backfillCasesPerDay / 24.0, casesPerHour);
    }

    /** A server listening on every interface is reached on loopback. */
    static String connectableHost(String httpHost) {
        if (httpHost == null || httpHost.isBlank() || httpHost.equals("0.0.0.0") || httpHost.equals("::")
                || httpHost.equals("[::]")) {
            return "127.0.0.1";
        }
        return httpHost;
    }
}
