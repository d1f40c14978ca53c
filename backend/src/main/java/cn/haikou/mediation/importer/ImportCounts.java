package cn.haikou.mediation.importer;

/**
 * Where an import stands. Every row read ends up in exactly one of three counts once its chunk is
 * written: {@code storedNew} (at least one of its events was new), {@code alreadyPresent} (all its
 * events were stored before: a re-import), or {@code rejected} (with a reason in the report).
 * Rows read but not yet in any count are waiting for their chunk's write.
 */
public record ImportCounts(long rowsRead, long storedNew, long alreadyPresent, long rejected, long eventsStored,
                           long bytesRead, long bytesTotal) {

    /** Rows whose events are all in storage, new or not. */
    public long stored() {
        return storedNew + alreadyPresent;
    }

    /** Share of the input read so far, 0..1; -1 when the size is unknown. */
    public double fractionRead() {
        return bytesTotal <= 0 ? -1 : Math.min(1.0, (double) bytesRead / bytesTotal);
    }
}
