package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;

/**
 * The measures of one roll-up cell, defined exactly as {@code events_by_minute_mv} defines them
 * (sql/V001), so that figures from memory and figures from SQL agree.
 */
final class Sums {
    long events;
    long parties;
    long massEvents;
    long amountInvolvedFen;
    long amountRecoveredFen;
    long satisfactionSum;
    long satisfied;
    long onTime;
    long durationMs;

    void add(CaseEvent e) {
        count(e, 1);
    }

    /** Takes back an event added before (one shown while queued whose write then failed). */
    void subtract(CaseEvent e) {
        count(e, -1);
    }

    private void count(CaseEvent e, int sign) {
        events += sign;
        parties += sign * e.parties();
        if (e.isMass()) {
            massEvents += sign;
        }
        amountInvolvedFen += sign * e.amountInvolvedFen();
        amountRecoveredFen += sign * e.amountRecoveredFen();
        satisfactionSum += sign * e.satisfaction();
        if (e.satisfaction() >= 4) {
            satisfied += sign;
        }
        boolean acceptedInTime = e.kind() == cn.haikou.mediation.domain.EventKind.ACCEPTED && !e.eventTime().isAfter(e.acceptDueAt());
        boolean closedInTime = e.kind().concludes() && !e.eventTime().isAfter(e.closeDueAt());
        if (acceptedInTime || closedInTime) {
            onTime += sign;
        }
        durationMs += sign * Math.max(0, e.eventTime().toEpochMilli() - e.receivedAt().toEpochMilli());
    }

    void add(Sums o) {
        events += o.events;
        parties += o.parties;
        massEvents += o.massEvents;
        amountInvolvedFen += o.amountInvolvedFen;
        amountRecoveredFen += o.amountRecoveredFen;
        satisfactionSum += o.satisfactionSum;
        satisfied += o.satisfied;
        onTime += o.onTime;
        durationMs += o.durationMs;
    }
}
