package cn.haikou.mediation.simulator;

import io.vertx.core.json.JsonObject;

import java.time.ZoneId;

/** Step {@code seq} of a case, released for posting with the time it carries. */
public record DueEvent(SimCase simCase, int seq, long atMillis) {

    /** The event as the ingest API takes it, times written with {@code zone}'s offset. */
    public JsonObject toJson(ZoneId zone) {
        return simCase.event(seq, atMillis, new IsoTimes(zone));
    }
}
