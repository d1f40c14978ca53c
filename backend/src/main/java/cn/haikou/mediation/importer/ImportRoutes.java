package cn.haikou.mediation.importer;

import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.security.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Pattern;

/**
 * CSV import over HTTP, for files up to the body limit (bigger ones go through the {@code import}
 * command). Authenticated like ingest: the API key's source is the imported events' source, and a
 * source sees only its own jobs.
 *
 * <pre>
 * POST /api/v1/imports[?name=FILE]    Content-Type: text/csv[; charset=...]  -> 202 job, Location
 * GET  /api/v1/imports                the source's jobs, newest first
 * GET  /api/v1/imports/{id}           status (queued/running/done/failed), counts, progress
 * GET  /api/v1/imports/{id}/report    the rejected rows as CSV (partial while running)
 * </pre>
 */
public final class ImportRoutes implements Routes {

    private static final String BASE = "/api/v1/imports";
    private static final Pattern FILE_NAME = Pattern.compile("[\\p{L}\\p{N} ._()-]{1,100}");

    private final ImportJobs jobs;
    private final ApiKeys keys;
    private final long bodyLimitBytes;

    public ImportRoutes(ImportJobs jobs, ApiKeys keys, long bodyLimitBytes) {
        this.jobs = jobs;
        this.keys = keys;
        this.bodyLimitBytes = bodyLimitBytes;
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        router.post(BASE).handler(new Gate(true)).handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                .handler(this::create);
        router.get(BASE).handler(new Gate(false)).handler(this::list);
        router.get(BASE + "/:id").handler(new Gate(false)).handler(this::status);
        router.get(BASE + "/:id/report").handler(new Gate(false)).handler(this::report);
    }

    /** Authentication (and, for uploads, the content type) before any body is buffered. */
    private final class Gate implements SecurityPolicyHandler {
        private final boolean upload;

        Gate(boolean upload) {
            this.upload = upload;
        }

        @Override
        public void handle(RoutingContext ctx) {
            ctx.put("source", keys.authenticate(ctx));
            if (upload) {
                ctx.put("charset", csvCharset(ctx.request().getHeader("Content-Type")));
            }
            ctx.next();
        }
    }

    private void create(RoutingContext ctx) {
        if (!jobs.canImport()) {
            throw new Problem.Failure(Problem.of(409, "no_csv_mapping", "this server's pack (" + jobs.packId()
                    + ") has no csvImport section, so it cannot import CSV"));
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new Problem.Failure(Problem.of(400, "empty_body", "send the CSV file as the request body"));
        }
        String name = ctx.request().getParam("name", "upload.csv");
        if (!FILE_NAME.matcher(name).matches()) {
            throw new Problem.Failure(Problem.field(400, "invalid_name", "name",
                    "name may hold letters, digits, spaces and ._()- (1-100 characters)"));
        }
        ImportJob job;
        try {
            job = jobs.submit(ctx.get("source"), name, body.getBytes(), ctx.get("charset"));
        } catch (ImportJobs.BusyException e) {
            ctx.response().putHeader("Retry-After", "10");
            throw new Problem.Failure(Problem.of(429, "imports_busy", e.getMessage()));
        }
        ctx.response().setStatusCode(202)
                .putHeader("Location", BASE + "/" + job.id())
                .putHeader("Content-Type", "application/json")
                .end(job.toJson(jobs.packId()).encode());
    }

    private void list(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (ImportJob job : jobs.list(ctx.get("source"))) {
            list.add(job.toJson(jobs.packId()));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("keptFinishedJobs", ImportJobs.KEEP_FINISHED).put("jobs", list).encode());
    }

    private void status(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(job(ctx).toJson(jobs.packId()).encode());
    }

    private void report(RoutingContext ctx) {
        ImportJob job = job(ctx);
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"import-" + job.id() + "-rejected.csv\"");
        if (!job.hasStarted()) {
            ctx.response().end(String.join(",", RejectionReport.COLUMNS) + "\n");
            return;
        }
        ctx.response().sendFile(job.report().toString()).onFailure(ctx::fail);
    }

    /** The caller's job; another source's job is as unknown as a missing one. */
    private ImportJob job(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return jobs.get(id).filter(j -> j.source().equals(ctx.get("source"))).orElseThrow(() ->
                new Problem.Failure(Problem.of(404, "unknown_import", "no import " + id + " (jobs are kept in memory: the last "
                        + ImportJobs.KEEP_FINISHED + " finished ones, until the server restarts)")));
    }

    private static Charset csvCharset(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        String bare = parts[0].trim();
        if (!bare.equalsIgnoreCase("text/csv")) {
            throw new Problem.Failure(Problem.field(415, "unsupported_media_type", "Content-Type",
                    "send text/csv (got " + (contentType == null ? "none" : contentType) + ")"));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String name = kv[1].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new Problem.Failure(Problem.field(415, "unsupported_charset", "Content-Type",
                            "unknown charset '" + name + "'"));
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
