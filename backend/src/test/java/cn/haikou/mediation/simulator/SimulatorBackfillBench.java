package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.testing.TestServer;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the first start's backfill with the shipped defaults (90 days at
 * {@link SimulatorSettings#BACKFILL_CASES_PER_DAY}) through the real ingest path. Opt-in, ~1 min:
 * {@code mvn -q -B -pl backend test -Dtest=SimulatorBackfillBench -Dsimulator.bench=true -DskipEngineFetch=true}
 */
@EnabledIfSystemProperty(named = "simulator.bench", matches = "true")
class SimulatorBackfillBench {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorBackfillBench.class);

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("first start: 90 days of history, timed, then what the wall sees")
    void firstStartBackfill() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Vertx vertx = server.server().vertx();
            ClickHouse ch = server.server().clickHouse();
            MeterRegistry registry = server.server().metrics().registry();
            SimulatorSettings settings = new SimulatorSettings(20190520L, 240, 1.0, 90, SimulatorSettings.BACKFILL_CASES_PER_DAY,
                    TestServer.INGEST_KEY, "127.0.0.1", server.port(), SimulatorSettings.BATCH_MAX_EVENTS, SimulatorSettings.TICK_MS);
            SimulatorVerticle simulator = new SimulatorVerticle(settings, Pack.load("haikou"), ch, registry);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            String id = vertx.deployVerticle(simulator, SimulatorVerticle.deploymentOptions()).await();
            long t1 = System.nanoTime();
            simulator.backfilled().await(300, TimeUnit.SECONDS);
            long t2 = System.nanoTime();
            long cpu2 = os.getProcessCpuTime();
            vertx.undeploy(id).await();
            SimulatorVerticle.Stats stats = simulator.stats();
            LOG.info("BENCH backfill: {} cases, {} events; start {} ms, start+backfill {} ms wall, {} ms process CPU; "
                            + "store inserts {} ms in {} inserts; load average {}",
                    stats.historyCases(), stats.backfillEvents(), (t1 - t0) / 1_000_000, (t2 - t0) / 1_000_000,
                    (cpu2 - cpu0) / 1_000_000, Math.round(registry.get("ingest.insert").timer().totalTime(TimeUnit.MILLISECONDS)),
                    registry.get("ingest.insert").timer().count(), os.getSystemLoadAverage());
            LOG.info("BENCH wall at first start: {}", ch.query("""
                    SELECT countIf(archived_at IS NULL) AS open, countIf(concluded_at IS NULL AND close_due_at < now64(3)) AS overdue,
                           countIf(parties >= 5) AS mass, countIf(returned > 0) AS returned, count() AS cases
                    FROM case_state""").single());
            assertThat(stats.rejected()).isZero();
        }
    }
}
