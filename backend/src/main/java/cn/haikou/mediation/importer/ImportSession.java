package cn.haikou.mediation.importer;

import java.util.function.BooleanSupplier;

/**
 * One import run of one or more files: the ingest source the events are stored under (the API
 * key's source over HTTP, {@code --source} on the command line), where rejected rows are reported,
 * the counters, and a flag that stops it between rows.
 */
public record ImportSession(String source, RejectionReport report, ImportProgress progress, BooleanSupplier cancelled) {

    public ImportSession(String source, RejectionReport report, ImportProgress progress) {
        this(source, report, progress, () -> false);
    }
}
