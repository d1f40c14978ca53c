package cn.haikou.mediation.cases;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestEvents;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Case details and personal data")
class CaseRoutesTest {

    private static final String SUPERVISOR = "test-supervisor-token-0123456789";

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, o -> o.with("security").withArray("tokens").addObject()
                .put("name", "duty-supervisor").put("token", SUPERVISOR).put("role", "supervisor"));
        Instant received = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        JsonObject first = TestEvents.event("pd-1", "PD-CASE", "received", received, received)
                .put("caller", new JsonObject().put("name", "符海燕").put("phone", "13907561234").put("address", "海口市龙华区金贸西路8号"))
                .put("summary", "符海燕反映工资被拖欠");
        JsonObject second = TestEvents.event("pd-2", "PD-CASE", "accepted", received.plusSeconds(600), received);
        assertThat(Http.postBatch(server.url(), TestServer.INGEST_KEY, List.of(first, second)).json().getInteger("accepted")).isEqualTo(2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("an analyst sees the case and its timeline with personal data masked, and nothing is audited")
    void analystSeesMasked() {
        long audited = auditedReadsOf("PD-CASE");
        Http.Response r = Http.get(server.url() + "/api/v1/cases/PD-CASE", TestServer.ANALYST_TOKEN);
        assertThat(r.status()).isEqualTo(200);
        JsonObject c = r.json();
        assertThat(c.getString("status")).isEqualTo("accepted");
        assertThat(c.getJsonArray("timeline")).hasSize(2);
        assertThat(r.body()).doesNotContain("符海燕").doesNotContain("13907561234").doesNotContain("金贸西路8号").doesNotContain("拖欠");
        assertThat(c.getJsonArray("timeline").getJsonObject(0).getString("caller_phone")).isEqualTo("139****1234");
        assertThat(Http.get(server.url() + "/api/v1/cases/PD-CASE?pii=true", TestServer.ANALYST_TOKEN).status()).isEqualTo(403);
        assertThat(auditedReadsOf("PD-CASE")).isEqualTo(audited);
    }

    @Test
    @DisplayName("a supervisor may read personal data unmasked, and each such read is audited with who and what")
    void supervisorReadIsAudited() {
        long before = auditedReadsOf("PD-CASE");
        Http.Response r = Http.get(server.url() + "/api/v1/cases/PD-CASE?pii=true", SUPERVISOR);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("符海燕").contains("13907561234");
        assertThat(auditedReadsOf("PD-CASE")).isEqualTo(before + 1);
        JsonObject trail = Http.get(server.url() + "/api/v1/audit/pii", TestServer.ADMIN_TOKEN).json();
        JsonObject last = trail.getJsonArray("reads").getJsonObject(0);
        assertThat(last.getString("principal")).isEqualTo("duty-supervisor");
        assertThat(last.getJsonArray("case_ids").getList()).containsExactly("PD-CASE");
        assertThat(Http.get(server.url() + "/api/v1/audit/pii", SUPERVISOR).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a display token cannot read cases; unknown cases are 404; bad ids are 400")
    void refusals() {
        assertThat(Http.get(server.url() + "/api/v1/cases/PD-CASE", TestServer.DISPLAY_TOKEN).status()).isEqualTo(403);
        assertThat(Http.get(server.url() + "/api/v1/cases/PD-CASE", null).status()).isEqualTo(401);
        assertThat(Http.get(server.url() + "/api/v1/cases/NOPE", TestServer.ANALYST_TOKEN).status()).isEqualTo(404);
        assertThat(Http.get(server.url() + "/api/v1/cases/a'b", TestServer.ANALYST_TOKEN).json().getString("field")).isEqualTo("caseId");
    }

    private static long auditedReadsOf(String caseId) {
        return server.server().clickHouse().query("SELECT count() AS n FROM pii_audit WHERE has(case_ids, {id:String})",
                java.util.Map.of("id", caseId)).single().getLong("n");
    }
}
