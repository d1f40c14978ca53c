package cn.haikou.mediation.cases;

import cn.haikou.mediation.domain.Masking;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.security.Authorizer;
import cn.haikou.mediation.security.Principal;
import cn.haikou.mediation.security.Role;
import cn.haikou.mediation.storage.BlockingStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One case with its timeline, for analysts following up what the wall shows. Personal data (the
 * caller's name, phone and address, and free-text summaries) is masked for analysts; supervisors
 * and admins may ask for it unmasked ({@code ?pii=true}) and every such read is written to the
 * audit trail (PIPL) before the answer leaves. The trail is readable by admins.
 */
public final class CaseRoutes implements Routes {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+#-]{1,64}");

    private final Authorizer authorizer;
    private final BlockingStore store;
    private final CaseQueries queries;

    public CaseRoutes(Authorizer authorizer, BlockingStore store) {
        this.authorizer = authorizer;
        this.store = store;
        this.queries = new CaseQueries(store.clickHouse());
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        router.get("/api/v1/cases/:caseId").handler(authorizer.requires(Role.ANALYST)).handler(this::getCase);
        router.get("/api/v1/audit/pii").handler(authorizer.requires(Role.ADMIN)).handler(this::auditTrail);
    }

    private void getCase(RoutingContext ctx) {
        String caseId = ctx.pathParam("caseId");
        if (!ID.matcher(caseId).matches()) {
            throw new Problem.Failure(Problem.field(400, "invalid_id", "caseId", "a case id is 1-64 of A-Z a-z 0-9 . _ : @ / + # -"));
        }
        Principal principal = ctx.get(Authorizer.PRINCIPAL);
        boolean wantsPii = "true".equals(ctx.request().getParam("pii"));
        if (wantsPii && !principal.role().atLeast(Role.SUPERVISOR)) {
            throw new Problem.Failure(Problem.field(403, "pii_not_allowed", "pii",
                    "unmasked personal data needs the supervisor role; the token has " + principal.role().code()));
        }
        store.call(ch -> {
            JsonObject found = queries.find(caseId);
            if (found != null && wantsPii) {
                // Audited before it is answered: a read that cannot be recorded is not served.
                queries.audit(principal.name(), principal.role().code(), "case.read", "GET /api/v1/cases/" + caseId, List.of(caseId));
            }
            return found;
        }).onSuccess(found -> {
            if (found == null) {
                Problem.field(404, "no_such_case", "caseId", "no events of case '" + caseId + "' are stored").send(ctx);
                return;
            }
            if (!wantsPii) {
                mask(found);
            }
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.json(found.put("personalData", wantsPii ? "unmasked (audited)" : "masked"));
        }).onFailure(ctx::fail);
    }

    private void auditTrail(RoutingContext ctx) {
        int days = parseInt(ctx.request().getParam("days"), 7, 1, 366, "days");
        int limit = parseInt(ctx.request().getParam("limit"), 1000, 1, 100_000, "limit");
        store.call(ch -> queries.auditTrail(Instant.now().minus(Duration.ofDays(days)), limit))
                .onSuccess(rows -> ctx.json(new JsonObject().put("reads", rows)))
                .onFailure(ctx::fail);
    }

    static void mask(JsonObject caseJson) {
        caseJson.getJsonArray("timeline").forEach(o -> {
            JsonObject e = (JsonObject) o;
            e.put("caller_name", Masking.name(e.getString("caller_name")));
            e.put("caller_phone", Masking.phone(e.getString("caller_phone")));
            e.put("address", Masking.address(e.getString("address")));
            e.put("summary", e.getString("summary", "").isEmpty() ? "" : "(masked)");
        });
    }

    private static int parseInt(String text, int absent, int min, int max, String field) {
        if (text == null) {
            return absent;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new Problem.Failure(Problem.field(400, "invalid_" + field, field, field + " must be an integer from " + min + " to " + max));
    }
}
