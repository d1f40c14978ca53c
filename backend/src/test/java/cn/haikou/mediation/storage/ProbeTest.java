package cn.haikou.mediation.storage;

import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class ProbeTest {
    @Test
    void probe() throws Exception {
        Path lib = Path.of(System.getProperty("user.home"), ".cache/haikou-mediation/chdb/26.7.3-stable.1/libchdb.so");
        Path dir = Files.createTempDirectory("probe");
        long t0 = System.nanoTime();
        try (EmbeddedClickHouse ch = EmbeddedClickHouse.open(lib, dir, "mediation", 3, new QueryBounds(5, 200_000_000L))) {
            System.out.println("open ms " + (System.nanoTime() - t0) / 1e6);
            System.out.println(ch.query("SELECT currentDatabase() AS db, getSetting('max_execution_time') AS t, getSetting('max_memory_usage') AS m, timezone() AS tz, version() AS v").toList());
            ch.execute("CREATE TABLE t (id UInt64, s String, ts DateTime64(3,'UTC')) ENGINE=MergeTree ORDER BY id");
            ch.insert("t", InsertFormat.JSON_EACH_ROW, out -> {
                for (int i = 0; i < 5; i++) out.write(("{\"id\":" + i + ",\"s\":\"x" + i + "\",\"ts\":\"2026-01-01 00:00:00.123\"}\n").getBytes());
            });
            System.out.println(ch.query("SELECT * FROM t WHERE id >= {min:UInt64}", Map.of("min", 3)).toList());
            String evil = "a'b\\c\td\ne 中文 😀 '); DROP TABLE t; --";
            ch.execute("INSERT INTO t SELECT 99, {s:String}, now64(3)", Map.of("s", evil));
            String back = ch.query("SELECT s FROM t WHERE id = 99").single().getString("s");
            System.out.println("roundtrip equal " + back.equals(evil));
            try { ch.query("SELECT count() FROM numbers(10000000000) WHERE sleepEachRow(0) = 0 AND number % 7 = 3").toList(); }
            catch (ClickHouseException e) { System.out.println("limit: " + e.getClass().getSimpleName() + " code " + e.code() + " " + e.getMessage().substring(0, Math.min(200, e.getMessage().length()))); }
            try { ch.query("SELECT groupArray(number) FROM numbers(100000000)").toList(); }
            catch (ClickHouseException e) { System.out.println("mem: " + e.getClass().getSimpleName() + " code " + e.code()); }
            try { ch.query("SELEC 1").toList(); }
            catch (ClickHouseException e) { System.out.println("syntax: code " + e.code()); }
            System.out.println(ch.query("SELECT 1 AS x").toList());
            long t1 = System.nanoTime();
            for (int i = 0; i < 50; i++) ch.query("SELECT count() AS c FROM t WHERE id > {x:UInt64}", Map.of("x", i)).toList();
            System.out.println("param query avg ms " + (System.nanoTime() - t1) / 50e6);
        }
    }
}
