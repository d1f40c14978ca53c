package cn.haikou.mediation.simulator;

import java.time.Instant;

/** A case's identity before it is generated: its id, when it reached the platform, and its pace. */
public record Arrival(String caseId, Instant receivedAt, double pace) {
}
