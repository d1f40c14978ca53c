package cn.haikou.mediation.importer;

import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.Row;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A Haikou 12345 export as the hotline's system writes it: Chinese headers, a BOM, CRLF, quoted newlines. */
@DisplayName("CSV import with the Haikou pack")
class HaikouCsvImportTest {

    /**
     * Nine physical lines, six cases. Rows 2 and 5 have newlines inside quoted fields (CRLF and LF),
     * so the rows start on lines 2, 3, 5, 6, 7 and 9. Three are bad: an unknown district (三亚区), an impossible
     * date, and a case closed before it was received.
     */
    private static final String EXPORT = "\uFEFF工单编号,受理时间,办结时间,区,街镇,纠纷类型,来源渠道,诉求内容,地址\r\n"
            + "HK-2024-0001,2024-03-01 09:15:00,2024-03-05 17:30:00,龙华区,金贸街道,劳动争议(含欠薪),12345热线,\"拖欠工资三个月,涉及5人\",金贸东路1号\r\n"
            + "HK-2024-0002,2024-03-02 10:00:00,,秀英区,长流镇,neighbour,,\"邻里噪音\r\n夜间施工,多次投诉\",\r\n"
            + "HK-2024-0003,2024-03-02 11:00:00,,三亚区,吉阳镇,consumer,wechat,购物纠纷,\r\n"
            + "HK-2024-0004,2024-13-45 25:61:00,,美兰区,海甸街道,property_mgmt,app,物业费,\r\n"
            + "HK-2024-0005,2024-03-03 08:00:00,2024-03-03 12:00:00,460107,府城街道,旅游,微信,\"导游强制购物 \"\"退款\"\"\",\"府城\n鼓楼\"\r\n"
            + "HK-2024-0006,2024-03-04 08:00:00,2024-03-01 08:00:00,美兰区,白沙街道,other,web,办结早于受理,\r\n";

    @TempDir
    static java.nio.file.Path dir;
    private static TestServer server;
    private static ImportHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), o -> o.with("http").put("bodyLimitBytes", 1024 * 1024));
        http = new ImportHttp(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("stores the three good cases, rejects the three bad ones at their lines, and maps names to pack codes")
    void importsExport() throws Exception {
        JsonObject job = post(EXPORT.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
        String reportText = http.get("/api/v1/imports/" + job.getString("id") + "/report", TestServer.INGEST_KEY).body();
        assertThat(job.getLong("rowsRead")).isEqualTo(6);
        assertThat(job.getLong("rowsStoredNew")).as(reportText).isEqualTo(3);
        assertThat(job.getLong("rowsRejected")).isEqualTo(3);
        assertThat(job.getLong("eventsStored")).isEqualTo(5);

        List<Map<String, String>> report = CsvImporterNycTest.readReport(reportText);
        assertThat(report).extracting(l -> l.get("line"), l -> l.get("case_id"), l -> l.get("field"), l -> l.get("code"))
                .containsExactly(
                        tuple("5", "HK-2024-0003", "district", "unknown_district"),
                        tuple("6", "HK-2024-0004", "receivedAt", "invalid_time"),
                        tuple("9", "HK-2024-0006", "closedAt", "before_received"));
        assertThat(report.get(0).get("message")).contains("column '区'").contains("三亚区");
        assertThat(report.get(2).get("message")).contains("column '办结时间'");

        Map<String, Map<String, String>> received = new HashMap<>();
        try (QueryResult rows = server.server().clickHouse().query("SELECT case_id, district, case_type, channel, summary, address,"
                + " toString(received_at) AS received FROM case_events WHERE kind = 'received'")) {
            for (Row row : rows) {
                received.put(row.getString("case_id"), Map.of("district", row.getString("district"),
                        "caseType", row.getString("case_type"), "channel", row.getString("channel"),
                        "summary", row.getString("summary"), "address", row.getString("address"),
                        "received", row.getString("received")));
            }
        }
        assertThat(received).containsOnlyKeys("HK-2024-0001", "HK-2024-0002", "HK-2024-0005");
        // Names become codes: 龙华区 -> 460106 (the mapping's values), 劳动争议(含欠薪) -> labour and 12345热线 -> phone (the pack's names).
        assertThat(received.get("HK-2024-0001")).containsEntry("district", "460106").containsEntry("caseType", "labour")
                .containsEntry("channel", "phone").containsEntry("summary", "拖欠工资三个月,涉及5人")
                .containsEntry("received", "2024-03-01 01:15:00.000");
        // An empty channel takes the mapping's default; a quoted newline survives, CRLF as LF.
        assertThat(received.get("HK-2024-0002")).containsEntry("district", "460105").containsEntry("channel", "phone")
                .containsEntry("summary", "邻里噪音\n夜间施工,多次投诉");
        assertThat(received.get("HK-2024-0005")).containsEntry("district", "460107").containsEntry("caseType", "tourism")
                .containsEntry("channel", "wechat").containsEntry("summary", "导游强制购物 \"退款\"")
                .containsEntry("address", "府城\n鼓楼");
        assertThat(StoredEvents.byKind(server.server().clickHouse())).isEqualTo(Map.of("received", 3L, "mediated", 2L));

        // The same export from a GB18030 system (no BOM) is the same cases: nothing new.
        byte[] gb = EXPORT.replace("\uFEFF", "").getBytes(Charset.forName("GB18030"));
        JsonObject again = post(gb, "text/csv; charset=GB18030");
        assertThat(again.getString("status")).as(again.encode()).isEqualTo("done");
        assertThat(again.getLong("rowsAlreadyPresent")).isEqualTo(3);
        assertThat(again.getLong("rowsRejected")).isEqualTo(3);
        assertThat(StoredEvents.count(server.server().clickHouse())).isEqualTo(5);
    }

    @Test
    @DisplayName("fails a file that is not in its declared encoding instead of storing garbled text")
    void wrongEncodingFails() throws Exception {
        byte[] gb = EXPORT.replace("\uFEFF", "").getBytes(Charset.forName("GB18030"));
        JsonObject job = post(gb, "text/csv");
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("not valid UTF-8").contains("charset=GB18030");
        assertThat(job.getLong("rowsStoredNew")).isZero();
    }

    @Test
    @DisplayName("fails a file whose quotes never close, saying where")
    void malformedCsvFails() throws Exception {
        String broken = "工单编号,受理时间,办结时间,区,街镇,纠纷类型,来源渠道,诉求内容,地址\n"
                + "HK-2024-0100,2024-03-01 09:15:00,,龙华区,金贸街道,labour,phone,\"没有结束的引号,\n";
        JsonObject job = post(broken.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("not well-formed CSV");
    }

    private static JsonObject post(byte[] body, String contentType) throws InterruptedException {
        var response = http.post("/api/v1/imports?name=12345-export.csv", body, contentType, TestServer.INGEST_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return http.awaitFinished(response.headers().firstValue("Location").orElseThrow(), Duration.ofSeconds(30));
    }
}
