package cn.haikou.mediation.storage;

/**
 * ClickHouse's query priorities (the {@code priority} setting) as this product uses them: writes
 * first, background reads after. A query with a priority pauses at its next block read while a
 * query of a smaller non-zero priority runs; 0, the default, neither waits nor makes others wait.
 *
 * <p>Every insert carries {@link #WRITES}. The wall's periodic case-state read carries
 * {@link #BACKGROUND}: it merges the state of every case of the last year, 1-6 s of both cores on
 * the store the ingest benchmark leaves, and the inserts that ran beside it took 49 µs a row
 * against 31 µs outside it, enough to put a sustained stream behind (bench {@code ingest}, README,
 * Performance). Yielding, the read takes longer and the inserts beside it 33 against 29 µs a row.
 * Analysts' and leaders' queries keep 0: a person is waiting for them.
 */
public final class QueryPriority {

    /** ClickHouse's name for the setting. */
    public static final String SETTING = "priority";
    /** Inserts. */
    public static final int WRITES = 1;
    /** Periodic reads whose result may be late by a few seconds. */
    public static final int BACKGROUND = 2;
    /** The clause that ends a background query's SQL. */
    public static final String BACKGROUND_SETTINGS = clause(BACKGROUND);

    /** A statement's {@code SETTINGS} clause giving it {@code priority}. */
    public static String clause(int priority) {
        return "SETTINGS " + SETTING + " = " + priority;
    }

    private QueryPriority() {
    }
}
