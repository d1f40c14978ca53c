package cn.haikou.mediation.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * The server's configuration: {@code application.yaml} on the classpath holds every default, an
 * optional external file overrides it, and a fixed set of environment variables override both
 * (see {@link ConfigLoader}). Unknown keys are errors, so a typo fails start-up instead of being ignored.
 */
public record AppConfig(Http http, ClickHouseConfig clickhouse, Ingest ingest, String pack, Simulator simulator,
                        Live live, Security security, Analytics analytics) {

    public record Http(String host, int port, long bodyLimitBytes, String publicUrl, int socketSendBufferBytes) {
    }

    /**
     * Where events are stored: {@code url} empty means the embedded engine on {@code dataDir}.
     */
    public record ClickHouseConfig(String url, String user, String password, String database, String dataDir,
                                   String engineLibrary, int poolSize, int maxExecutionSeconds, long maxMemoryBytes,
                                   String cluster) {

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        public Path dataPath() {
            return Path.of(dataDir);
        }
    }

    /**
     * Ingest: a free inserter starts an insert of at most {@code batchMaxEvents} once
     * {@code batchMinEvents} wait or {@code batchMaxDelayMs} after the previous insert started,
     * whichever comes first (under load the inserts run back to back instead of idling until the
     * next interval); at most {@code queueMaxEvents} accepted-but-unwritten events wait before 429.
     */
    public record Ingest(int batchMaxEvents, int batchMinEvents, int batchMaxDelayMs, int inserters, int queueMaxEvents, int requestMaxEvents,
                         int dedupWindowEvents, List<ApiKey> apiKeys, List<String> revokedKeys) {
    }

    /** One ingest source and the key it presents as {@code Authorization: Bearer KEY}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ApiKey(String source, String key) {
    }

    public record Simulator(boolean enabled, long seed, double casesPerHour, double acceleration, int backfillDays,
                            String apiKey) {
    }

    /**
     * The wall's cadence: the fast panels (KPIs, feed, trend) update at most every {@code refreshMs},
     * the others every {@code panelRefreshMs}; case-state figures are re-read every
     * {@code idleRefreshMs} and {@code slowRefreshMs} after writes. With many screens the fast
     * panels' interval stretches so that their writes to all screens stay within
     * {@code maxPulseWritesPerSecond}.
     */
    public record Live(int refreshMs, int panelRefreshMs, int slowRefreshMs, int idleRefreshMs, int heartbeatMs, int feedSize, int maxFrameBytes,
                       int maxSocketQueueBytes, int stalledCloseMs, int caseHorizonDays, boolean showQueuedEvents,
                       long maxUnsentBytesTotal, int maxPulseWritesPerSecond) {
    }

    /**
     * Access for people and screens: bearer tokens with a role. Tokens listed here always exist;
     * more are created and revoked at run time (see the security package).
     */
    public record Security(List<AccessToken> tokens) {
    }

    public record AccessToken(String name, String token, String role) {
    }

    public record Analytics(int maxRangeDays, int maxGroups, int maxRows) {
    }
}
