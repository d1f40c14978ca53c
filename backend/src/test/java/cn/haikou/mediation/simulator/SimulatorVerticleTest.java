package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The simulator posting to a real server")
class SimulatorVerticleTest {

    private static final Pack HAIKOU = Pack.load("haikou");
    private static final int BACKFILL_DAYS = 3;
    private static final double BACKFILL_PER_DAY = 200;

    @TempDir
    Path dataDir;

    /**
     * Live at two new cases a second on average, accelerated 60 times (lifecycles an hour of real
     * time long), so a few seconds of live mode show arrivals and progress. The arrival rate follows
     * Haikou's daily curve, which at 03:00 is a tenth of the mean; the rate asked for is divided by
     * the curve's factor for this hour, so the test expects the same whenever it runs.
     */
    private static SimulatorSettings settings(TestServer server, int backfillDays) {
        double casesPerHour = 120 / new Rhythm(HAIKOU.zone()).rate(Instant.now());
        return new SimulatorSettings(7L, casesPerHour, 60, backfillDays, BACKFILL_PER_DAY, TestServer.INGEST_KEY, "127.0.0.1",
                server.port(), SimulatorSettings.BATCH_MAX_EVENTS, 100);
    }

    private static SimulatorVerticle simulator(TestServer server) {
        return simulator(server, BACKFILL_DAYS);
    }

    private static SimulatorVerticle simulator(TestServer server, int backfillDays) {
        return new SimulatorVerticle(settings(server, backfillDays), HAIKOU, server.server().clickHouse(),
                server.server().metrics().registry());
    }

    @Test
    @DisplayName("backfills an empty store, runs live, stops cleanly, and resumes its open cases after a restart without backfilling again")
    void backfillLiveAndResume() throws Exception {
        Instant firstStart;
        long storedAtFirstStop;
        try (TestServer server = TestServer.start(dataDir)) {
            ClickHouse ch = server.server().clickHouse();
            Vertx vertx = server.server().vertx();
            SimulatorVerticle simulator = simulator(server);
            firstStart = Instant.now();
            String id = vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).await();
            simulator.backfilled().await(30, TimeUnit.SECONDS);

            // given a backfill: ~600 cases over 3 days, every event stored, none refused
            SimulatorVerticle.Stats backfill = simulator.stats();
            assertThat(backfill.historyCases()).isBetween(400L, 800L);
            assertThat(backfill.backfillEvents()).isGreaterThan(backfill.historyCases() * 3);
            assertThat(backfill.rejected()).isZero();
            assertThat(backfill.duplicates()).isZero();
            assertThat(count(ch, "SELECT count() AS n FROM case_events WHERE received_at < {t:DateTime64(3, 'UTC')}", firstStart))
                    .isGreaterThanOrEqualTo(backfill.backfillEvents());
            assertThat(count(ch, "SELECT min(received_at) <= {t:DateTime64(3, 'UTC')} AS n FROM case_events",
                    firstStart.minus(Duration.ofDays(BACKFILL_DAYS)).plus(Duration.ofHours(2)))).isEqualTo(1);
            // and the wall has open cases at once: the backfill's recent cases are still in progress
            assertThat(count(ch, "SELECT count() AS n FROM case_state WHERE status != 'archived' AND received_at < {t:DateTime64(3, 'UTC')}",
                    firstStart)).isGreaterThan(20);

            // when live mode runs, new cases arrive (accelerated ones say so) and none is stamped ahead of the clock
            await("live arrivals", () -> count(ch, "SELECT count() AS n FROM case_events WHERE kind = 'received' "
                    + "AND received_at > {t:DateTime64(3, 'UTC')} AND attributes['simPace'] = '60'", firstStart), 10);
            await("live progress of live cases", () -> count(ch, "SELECT count() AS n FROM case_events WHERE kind != 'received' "
                    + "AND received_at > {t:DateTime64(3, 'UTC')}", firstStart), 5);
            assertThat(count(ch, "SELECT count() AS n FROM case_events WHERE event_time > now64(3) + INTERVAL 1 SECOND", firstStart))
                    .isZero();

            // then undeploying stops it cleanly: nothing refused, and every acknowledged event is stored
            vertx.undeploy(id).await(15, TimeUnit.SECONDS);
            SimulatorVerticle.Stats stopped = simulator.stats();
            assertThat(stopped.rejected()).isZero();
            storedAtFirstStop = count(ch, "SELECT count() AS n FROM case_events", firstStart);
            assertThat(storedAtFirstStop).isEqualTo(stopped.accepted());
            Thread.sleep(300);   // nothing is posted after undeploy (no event to await: absence is the point)
            assertThat(count(ch, "SELECT count() AS n FROM case_events", firstStart)).isEqualTo(storedAtFirstStop);
        }

        try (TestServer server = TestServer.start(dataDir)) {
            ClickHouse ch = server.server().clickHouse();
            Vertx vertx = server.server().vertx();
            SimulatorVerticle simulator = simulator(server);
            Instant secondStart = Instant.now();
            String id = vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).await();
            simulator.backfilled().await(30, TimeUnit.SECONDS);

            // a second start does not backfill again: only the few seconds' gap, and the open cases resume
            SimulatorVerticle.Stats resumed = simulator.stats();
            assertThat(resumed.historyCases()).isLessThan(3);
            assertThat(resumed.resumedCases()).isGreaterThan(20);
            // open cases continue where they stopped: later steps of earlier cases arrive, none twice
            await("resumed cases' next steps", () -> count(ch, "SELECT count() AS n FROM case_events "
                    + "WHERE received_at < {t:DateTime64(3, 'UTC')} AND ingested_at >= {t:DateTime64(3, 'UTC')}", secondStart), 1);
            vertx.undeploy(id).await(15, TimeUnit.SECONDS);
            SimulatorVerticle.Stats stopped = simulator.stats();
            assertThat(stopped.duplicates()).isZero();
            assertThat(stopped.rejected()).isZero();
            assertThat(count(ch, "SELECT count() AS n FROM case_events", secondStart)).isEqualTo(storedAtFirstStop + stopped.accepted());
            assertThat(count(ch, "SELECT count() - uniqExact(event_id) AS n FROM case_events", secondStart)).isZero();
        }
    }

    @Test
    @DisplayName("sends a batch the server finds too large (413) again in halves until it fits, losing nothing")
    void splitsTooLargeBatches() throws Exception {
        try (TestServer server = TestServer.start(dataDir, o -> ((ObjectNode) o.get("ingest")).put("requestMaxEvents", 200))) {
            SimulatorVerticle.Stats stats = backfillOneDay(server);
            assertThat(stats.splits()).isGreaterThanOrEqualTo(2);
            assertThat(stats.retries()).isZero();
        }
    }

    @Test
    @DisplayName("retries a batch the ingest queue has no room for (429, Retry-After), then sends it in halves, losing nothing")
    void retriesWhenTheQueueIsFull() throws Exception {
        try (TestServer server = TestServer.start(dataDir, o -> ((ObjectNode) o.get("ingest")).put("queueMaxEvents", 500))) {
            SimulatorVerticle.Stats stats = backfillOneDay(server);
            assertThat(stats.retries()).isGreaterThanOrEqualTo(1);
            assertThat(stats.splits()).isGreaterThanOrEqualTo(1);
        }
    }

    /** ~200 cases, ~900 events due at once: more than the servers above take in one request. */
    private SimulatorVerticle.Stats backfillOneDay(TestServer server) throws Exception {
        ClickHouse ch = server.server().clickHouse();
        Vertx vertx = server.server().vertx();
        SimulatorVerticle simulator = simulator(server, 1);
        String id = vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).await();
        simulator.backfilled().await(30, TimeUnit.SECONDS);
        vertx.undeploy(id).await(15, TimeUnit.SECONDS);
        SimulatorVerticle.Stats stats = simulator.stats();
        assertThat(stats.backfillEvents()).isGreaterThan(600);
        assertThat(stats.rejected()).isZero();
        assertThat(stats.duplicates()).isZero();
        assertThat(count(ch, "SELECT count() AS n FROM case_events", Instant.now())).isEqualTo(stats.accepted());
        return stats;
    }

    @Test
    @DisplayName("does not pad a store that holds other sources' data with simulated history, but still runs live")
    void noHistoryOverOtherData() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Vertx vertx = server.server().vertx();
            int status = WebClient.create(vertx).post(server.port(), "127.0.0.1", "/api/v1/events")
                    .putHeader("Authorization", "Bearer " + TestServer.INGEST_KEY)
                    .sendJsonObject(TestEvents.received("hotline-1:0", "hotline-1")).await().statusCode();
            assertThat(status).isEqualTo(201);
            SimulatorVerticle simulator = simulator(server);
            String id = vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).await();
            simulator.backfilled().await(30, TimeUnit.SECONDS);
            await("live arrivals", () -> count(server.server().clickHouse(),
                    "SELECT count() AS n FROM case_events WHERE startsWith(case_id, 'SIM-')", Instant.now()), 1);
            vertx.undeploy(id).await(15, TimeUnit.SECONDS);
            assertThat(simulator.stats().historyCases()).isZero();
            assertThat(simulator.stats().liveCases()).isPositive();
        }
    }

    @Test
    @DisplayName("refuses to run on an event loop, where its store reads and batch encoding would block")
    void refusesEventLoop() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            assertThatThrownBy(() -> server.server().vertx().deployVerticle(simulator(server)).await())
                    .hasMessageContaining("worker");
        }
    }

    private static long count(ClickHouse ch, String sql, Instant t) {
        return ch.query(sql, Map.of("t", t)).single().getLong("n");
    }

    /** Polls a count until it reaches {@code atLeast}; there is no event to await across the HTTP boundary. */
    private static void await(String what, LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long n = count.getAsLong();
        while (n < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = count.getAsLong();
        }
        assertThat(n).as(what).isGreaterThanOrEqualTo(atLeast);
    }
}
