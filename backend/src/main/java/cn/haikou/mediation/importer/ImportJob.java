package cn.haikou.mediation.importer;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One CSV import sent over HTTP: its body until it has run, its counters, and where its report is.
 * Written by the import thread, read by request handlers, hence the volatile fields.
 */
public final class ImportJob {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        public String code() {
            return name().toLowerCase();
        }
    }

    private final String id;
    private final String source;
    private final String file;
    private final long bytes;
    private final Instant createdAt = Instant.now();
    private final Path report;
    private final ImportProgress progress = new ImportProgress();
    private volatile Status status = Status.QUEUED;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile boolean cancelled;
    private volatile byte[] body;

    ImportJob(String id, String source, String file, byte[] body, Path report) {
        this.id = id;
        this.source = source;
        this.file = file;
        this.body = body;
        this.bytes = body.length;
        this.report = report;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public String file() {
        return file;
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }

    public ImportCounts counts() {
        return progress.snapshot();
    }

    /** The rejection report; absent until the job starts, partial while it runs. */
    public Path report() {
        return report;
    }

    /** True once the job has run (its report file exists from then on). */
    public boolean hasStarted() {
        return startedAt != null;
    }

    public boolean finished() {
        Status s = status;
        return s == Status.DONE || s == Status.FAILED;
    }

    ImportProgress progress() {
        return progress;
    }

    boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    /** Hands the body to the import thread once; the job keeps only counters afterwards. */
    byte[] takeBody() {
        byte[] b = body;
        body = null;
        return b;
    }

    void started() {
        startedAt = Instant.now();
        status = Status.RUNNING;
    }

    void finished(String failure) {
        error = failure;
        finishedAt = Instant.now();
        body = null;
        status = failure == null ? Status.DONE : Status.FAILED;
    }

    public JsonObject toJson(String pack) {
        ImportCounts c = progress.snapshot();
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("status", status.code())
                .put("pack", pack)
                .put("source", source)
                .put("file", file)
                .put("bytes", bytes)
                .put("createdAt", createdAt.toString())
                .put("rowsRead", c.rowsRead())
                .put("rowsStoredNew", c.storedNew())
                .put("rowsAlreadyPresent", c.alreadyPresent())
                .put("rowsRejected", c.rejected())
                .put("eventsStored", c.eventsStored())
                .put("progress", finished() ? 1.0 : Math.max(0, c.fractionRead()))
                .put("report", "/api/v1/imports/" + id + "/report");
        Instant started = startedAt;
        Instant ended = finishedAt;
        if (started != null) {
            json.put("startedAt", started.toString());
            double seconds = Duration.between(started, ended != null ? ended : Instant.now()).toNanos() / 1e9;
            json.put("rowsPerSecond", seconds > 0 ? Math.round(c.rowsRead() / seconds) : 0);
        }
        if (ended != null) {
            json.put("finishedAt", ended.toString());
        }
        if (error != null) {
            json.put("error", error);
        }
        return json;
    }
}
