package cn.haikou.mediation.importer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP import jobs of this server process, run one at a time on one thread of their own (an
 * import blocks while its chunks are written; it must never hold an event loop or a ClickHouse
 * worker).
 *
 * <p>Jobs live in memory only, and only the last {@value #KEEP_FINISHED} finished jobs are kept
 * (with their reports, as temporary files); a restart forgets them all, while the events they
 * stored stay stored. At most {@value #MAX_WAITING} jobs wait behind the running one, because each
 * holds its whole body (up to the HTTP body limit) until it runs.
 */
public final class ImportJobs implements AutoCloseable {

    public static final int KEEP_FINISHED = 20;
    public static final int MAX_WAITING = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ImportJobs.class);

    /** Too many jobs are waiting; the client should retry later. */
    public static final class BusyException extends Exception {
        BusyException(String message) {
            super(message, null, false, false);
        }
    }

    private final CsvImporter importer;
    private final Path reportDir;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "csv-import");
        t.setDaemon(true);
        return t;
    });
    /** In creation order, so the oldest finished jobs are the first evicted. */
    private final Map<String, ImportJob> jobs = new LinkedHashMap<>();

    public ImportJobs(CsvImporter importer) {
        this.importer = importer;
        try {
            this.reportDir = Files.createTempDirectory("mediation-imports-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for import reports", e);
        }
    }

    public boolean canImport() {
        return importer.canImport();
    }

    public String packId() {
        return importer.pack().id();
    }

    /** Queues an import of {@code csv} for {@code source}; returns at once. */
    public ImportJob submit(String source, String file, byte[] csv, Charset charset) throws BusyException {
        ImportJob job;
        synchronized (jobs) {
            long waiting = jobs.values().stream().filter(j -> j.status() == ImportJob.Status.QUEUED).count();
            if (waiting >= MAX_WAITING) {
                throw new BusyException(waiting + " imports are already waiting; retry when one has finished");
            }
            String id = UUID.randomUUID().toString();
            job = new ImportJob(id, source, file, csv, reportDir.resolve(id + ".csv"));
            jobs.put(id, job);
            evictFinished();
        }
        runner.execute(() -> run(job, charset));
        return job;
    }

    public Optional<ImportJob> get(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** The jobs of one source, newest first. */
    public List<ImportJob> list(String source) {
        List<ImportJob> list = new ArrayList<>();
        synchronized (jobs) {
            for (ImportJob job : jobs.values()) {
                if (job.source().equals(source)) {
                    list.add(0, job);
                }
            }
        }
        return list;
    }

    private void run(ImportJob job, Charset charset) {
        byte[] body = job.takeBody();
        if (job.cancelled() || body == null) {
            job.finished("the server stopped before the import ran");
            return;
        }
        String failure = null;
        // The report exists before the job counts as running, so the report endpoint always finds it.
        try (RejectionReport report = RejectionReport.create(job.report())) {
            job.started();
            LOG.info("import {} of {} ({} bytes) for source '{}' started", job.id(), job.file(), body.length, job.source());
            ImportSession session = new ImportSession(job.source(), report, job.progress(), job::cancelled);
            importer.importFile(session, job.file(), new ByteArrayInputStream(body), body.length, charset);
        } catch (ImportFailedException e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "the rejection report could not be written: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("import {} failed unexpectedly", job.id(), e);
            failure = "the import failed unexpectedly: " + e;
        }
        job.finished(failure);
        ImportCounts c = job.counts();
        LOG.info("import {} {}: {} rows read, {} stored new, {} already present, {} rejected{}", job.id(),
                job.status().code(), c.rowsRead(), c.storedNew(), c.alreadyPresent(), c.rejected(),
                failure == null ? "" : ": " + failure);
        synchronized (jobs) {
            evictFinished();
        }
    }

    /** Keeps the newest {@link #KEEP_FINISHED} finished jobs; called with the lock held. */
    private void evictFinished() {
        long finished = jobs.values().stream().filter(ImportJob::finished).count();
        for (Iterator<ImportJob> it = jobs.values().iterator(); it.hasNext() && finished > KEEP_FINISHED; ) {
            ImportJob job = it.next();
            if (job.finished()) {
                it.remove();
                finished--;
                deleteQuietly(job.report());
            }
        }
    }

    /**
     * Stops taking jobs, stops the running one between rows (what it handed to the writer is still
     * written: call this before closing the writer), and deletes the reports.
     */
    @Override
    public void close() {
        synchronized (jobs) {
            jobs.values().forEach(ImportJob::cancel);
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("an import did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (jobs) {
            jobs.values().forEach(j -> deleteQuietly(j.report()));
            jobs.clear();
        }
        deleteQuietly(reportDir);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", path, e.getMessage());
        }
    }
}
