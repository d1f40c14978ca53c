package cn.haikou.mediation.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The events still to come, released in time order once their time has come. It holds one cursor
 * per unfinished case (its next step), not one entry per event, so memory follows the number of
 * open cases. Ties are broken by case id and step, so the release order is deterministic.
 */
public final class Timeline {

    private static final Comparator<Cursor> ORDER = Comparator.comparingLong(Cursor::at)
            .thenComparing(c -> c.simCase.caseId()).thenComparingInt(c -> c.seq);

    private final PriorityQueue<Cursor> queue = new PriorityQueue<>(ORDER);

    /** Schedules a whole case. */
    public void add(SimCase simCase) {
        add(simCase, 0, Long.MIN_VALUE);
    }

    /**
     * Schedules the steps of a case from {@code fromSeq} on, none earlier than {@code notBeforeMs}
     * (a resumed case whose remaining steps were planned for while the simulator was down).
     */
    public void add(SimCase simCase, int fromSeq, long notBeforeMs) {
        if (fromSeq < simCase.size()) {
            queue.add(new Cursor(simCase, fromSeq, notBeforeMs));
        }
    }

    /** Up to {@code max} events whose time is at or before {@code now}, in time order. */
    public List<DueEvent> due(Instant now, int max) {
        long nowMs = now.toEpochMilli();
        List<DueEvent> out = new ArrayList<>(Math.min(max, 1024));
        while (out.size() < max && !queue.isEmpty() && queue.peek().at() <= nowMs) {
            Cursor c = queue.poll();
            long at = c.at();
            out.add(new DueEvent(c.simCase, c.seq, at));
            if (c.seq + 1 < c.simCase.size()) {
                // Later steps keep their order even when a resume pushed this one later.
                queue.add(new Cursor(c.simCase, c.seq + 1, at + 1));
            }
        }
        return out;
    }

    /** When the next event is due, or null when nothing is scheduled. */
    public Instant next() {
        Cursor c = queue.peek();
        return c == null ? null : Instant.ofEpochMilli(c.at());
    }

    /** Cases with steps still to come. */
    public int openCases() {
        return queue.size();
    }

    private record Cursor(SimCase simCase, int seq, long notBeforeMs) {
        long at() {
            return Math.max(simCase.eventMillis(seq), notBeforeMs);
        }
    }
}
