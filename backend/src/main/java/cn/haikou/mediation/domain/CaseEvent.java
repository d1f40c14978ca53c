package cn.haikou.mediation.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One validated lifecycle event, as stored. Every event carries its case's envelope (when it was
 * received, where, what type, through which channel) the way a 12345 work-order update does, so
 * that each figure on the wall can be computed from events alone.
 *
 * <p>Amounts are in fen (CNY cents) to keep arithmetic exact. The clocks ({@code acceptDueAt},
 * {@code closeDueAt}) are fixed from the pack when the event is ingested, so a later change to the
 * pack does not rewrite history.
 */
public record CaseEvent(
        String eventId,
        String caseId,
        EventKind kind,
        Instant eventTime,
        Instant receivedAt,
        Instant ingestedAt,
        String source,
        String district,
        String town,
        String caseType,
        String channel,
        String committee,
        String mediator,
        int parties,
        long amountInvolvedFen,
        long amountRecoveredFen,
        int satisfaction,
        String outcome,
        Instant acceptDueAt,
        Instant closeDueAt,
        Caller caller,
        String summary,
        Map<String, String> attributes) {

    /** Disputes with this many parties or more count as mass disputes (群体性纠纷); also fixed in sql/. */
    public static final int MASS_PARTIES = 5;

    public boolean isMass() {
        return parties >= MASS_PARTIES;
    }
}
