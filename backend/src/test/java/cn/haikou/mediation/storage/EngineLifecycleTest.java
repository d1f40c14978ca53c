package cn.haikou.mediation.storage;

import cn.haikou.mediation.testing.ChildJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only shows across processes: persistence between JVMs, the one-process-per-directory lock,
 * and clean exits with connections open and statements running (embedded-clickhouse.md, rules 1-4).
 */
@DisplayName("The embedded engine across processes")
class EngineLifecycleTest {

    private static final String TOOL = StoreTool.class.getName();
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    @DisplayName("data written by one JVM is read by a new JVM on the same directory")
    void persistsAcrossJvms() throws Exception {
        Path data = work.resolve("data");
        try (ChildJvm writer = ChildJvm.start(work, Map.of(), TOOL, "write", data.toString(), "10000")) {
            writer.awaitLine(l -> l.startsWith("WROTE"), START);
            assertThat(writer.waitFor(START)).isZero();
        }
        try (ChildJvm reader = ChildJvm.start(work, Map.of(), TOOL, "count", data.toString())) {
            String line = reader.awaitLine(l -> l.startsWith("COUNT"), START);
            assertThat(line).isEqualTo("COUNT 10000 SUM " + (9999L * 10000 / 2) + " CHINESE 1");
            assertThat(reader.waitFor(START)).isZero();
            assertThat(reader.crashFiles()).isEmpty();
        }
    }

    @Test
    @DisplayName("bytes waiting on the process's standard input are not taken as INSERT data (the server once failed to start)")
    void standardInputIsNotInsertData() throws Exception {
        Path data = work.resolve("data");
        try (ChildJvm writer = ChildJvm.start(work, Map.of(), TOOL, "write-values", data.toString())) {
            // written before the engine loads: clickhouse-local would read these as the INSERT's rows
            writer.process().getOutputStream().write("1\tfrom stdin\n2\tfrom stdin\n".getBytes(StandardCharsets.UTF_8));
            writer.process().getOutputStream().flush();
            String line = writer.awaitLine(l -> l.startsWith("COUNT") || l.contains("Exception"), START);
            assertThat(line).isEqualTo("COUNT 3");
            assertThat(writer.waitFor(START)).isZero();
        }
    }

    @Test
    @DisplayName("a second process on the same data directory fails fast and says why")
    void secondProcessFailsFast() throws Exception {
        Path data = work.resolve("data");
        Path release = work.resolve("release");
        try (ChildJvm holder = ChildJvm.start(work, Map.of(), TOOL, "hold", data.toString(), release.toString())) {
            holder.awaitLine("READY"::equals, START);
            long started = System.nanoTime();
            try (ChildJvm second = ChildJvm.start(work, Map.of(), TOOL, "count", data.toString())) {
                String line = second.awaitLine(l -> l.startsWith("OPEN FAILED"), START);
                assertThat(line).contains("in use by another process");
                assertThat(second.waitFor(START)).isEqualTo(3);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            Files.createFile(release);
            assertThat(holder.waitFor(START)).isZero();
            assertThat(holder.crashFiles()).isEmpty();
        }
    }

    @Test
    @DisplayName("SIGTERM while queries and inserts run on every connection exits with 143 and no crash")
    void sigtermWhileBusyIsClean() throws Exception {
        try (ChildJvm busy = ChildJvm.start(work, Map.of(), TOOL, "busy", work.resolve("data").toString())) {
            busy.awaitLine("BUSY"::equals, START);
            busy.process().destroy(); // SIGTERM
            assertThat(busy.waitFor(Duration.ofSeconds(90))).isEqualTo(143);
            assertThat(busy.crashFiles()).isEmpty();
            assertThat(busy.output()).doesNotContain("SIGSEGV").doesNotContain("fatal error");
        }
    }

    @Test
    @DisplayName("System.exit with connections open exits with 0 and no crash")
    void exitWithOpenConnectionsIsClean() throws Exception {
        try (ChildJvm child = ChildJvm.start(work, Map.of(), TOOL, "exit", work.resolve("data").toString())) {
            child.awaitLine("EXITING"::equals, START);
            assertThat(child.waitFor(START)).isZero();
            assertThat(child.crashFiles()).isEmpty();
            assertThat(child.output()).doesNotContain("SIGSEGV");
        }
    }
}
