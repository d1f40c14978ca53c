package cn.haikou.mediation.testing;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Valid Haikou events for tests; each test changes the fields it is about. */
public final class TestEvents {

    private TestEvents() {
    }

    /** A {@code received} event of a labour dispute in 金贸街道, 龙华区, received a minute ago. */
    public static JsonObject received(String eventId, String caseId) {
        Instant at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        return event(eventId, caseId, "received", at, at);
    }

    public static JsonObject event(String eventId, String caseId, String kind, Instant eventTime, Instant receivedAt) {
        return new JsonObject()
                .put("eventId", eventId)
                .put("caseId", caseId)
                .put("kind", kind)
                .put("eventTime", eventTime.toString())
                .put("receivedAt", receivedAt.toString())
                .put("district", "460106")
                .put("town", "金贸街道")
                .put("caseType", "labour")
                .put("channel", "phone");
    }
}
