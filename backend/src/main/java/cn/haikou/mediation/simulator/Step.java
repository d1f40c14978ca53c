package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.EventKind;

/**
 * One step of a simulated lifecycle. {@code offsetMs} is its distance from the case's receipt at
 * real-time pace; {@link SimCase} divides it by the acceleration. Fields that do not apply are
 * empty or 0.
 */
record Step(EventKind kind, long offsetMs, String committee, String mediator, long recoveredFen, int satisfaction,
            String outcome) {
}
