package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Caller;
import cn.haikou.mediation.domain.EventKind;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One simulated case: the envelope every event repeats (where, what, through which channel, who
 * called) and its lifecycle, from {@code received} to {@code archived}. Events are built on demand
 * in the shape the ingest API takes, so a case costs a few hundred bytes while it waits.
 */
public final class SimCase {

    /** Marks a case as simulated; also how a restarted simulator finds its own open cases. */
    public static final String ID_PREFIX = "SIM-";
    /** On a {@code received} event of an accelerated case: the acceleration its lifecycle runs at. */
    static final String PACE_ATTRIBUTE = "simPace";

    private static final JsonFactory JSON = new JsonFactory();

    private final String caseId;
    private final Instant receivedAt;
    private final double pace;
    private final String district;
    private final String town;
    private final String caseType;
    private final String channel;
    private final int parties;
    private final long involvedFen;
    private final Caller caller;
    private final String summary;
    private final Step[] steps;
    /** Epoch millis of each step at this case's pace, strictly increasing. */
    private final long[] times;

    SimCase(String caseId, Instant receivedAt, double pace, String district, String town, String caseType, String channel,
            int parties, long involvedFen, Caller caller, String summary, List<Step> steps) {
        this.caseId = caseId;
        this.receivedAt = receivedAt;
        this.pace = pace;
        this.district = district;
        this.town = town;
        this.caseType = caseType;
        this.channel = channel;
        this.parties = parties;
        this.involvedFen = involvedFen;
        this.caller = caller;
        this.summary = summary;
        this.steps = steps.toArray(Step[]::new);
        this.times = new long[this.steps.length];
        long start = receivedAt.toEpochMilli();
        for (int i = 0; i < times.length; i++) {
            long t = start + (long) (this.steps[i].offsetMs() / pace);
            // Distinct times keep "the latest event" unambiguous for case_state, even at high acceleration.
            times[i] = i == 0 ? start : Math.max(t, times[i - 1] + 1);
        }
    }

    public String caseId() {
        return caseId;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public double pace() {
        return pace;
    }

    public String district() {
        return district;
    }

    public String town() {
        return town;
    }

    public String caseType() {
        return caseType;
    }

    public String channel() {
        return channel;
    }

    public int parties() {
        return parties;
    }

    public long amountInvolvedFen() {
        return involvedFen;
    }

    public Caller caller() {
        return caller;
    }

    public String summary() {
        return summary;
    }

    /** The number of events in the lifecycle. */
    public int size() {
        return steps.length;
    }

    public EventKind kind(int seq) {
        return steps[seq].kind();
    }

    public Instant eventTime(int seq) {
        return Instant.ofEpochMilli(times[seq]);
    }

    long eventMillis(int seq) {
        return times[seq];
    }

    Step step(int seq) {
        return steps[seq];
    }

    /** The event id of step {@code seq}: stable, so a re-posted event is a duplicate, never a second copy. */
    public String eventId(int seq) {
        return caseId + ":" + seq;
    }

    /** Step {@code seq} as the ingest event it becomes (for inspection; posting streams {@link #write}). */
    public JsonObject event(int seq, ZoneId zone) {
        return event(seq, times[seq], new IsoTimes(zone));
    }

    JsonObject event(int seq, long atMillis, IsoTimes iso) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, seq, atMillis, iso);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JsonObject(Buffer.buffer(out.toByteArray()));
    }

    /**
     * Writes step {@code seq} as an ingest event stamped {@code atMillis} (later than planned when
     * a restart delayed it). Streamed with Jackson: a backfill writes a quarter of a million events.
     */
    void write(JsonGenerator g, int seq, long atMillis, IsoTimes iso) throws IOException {
        Step s = steps[seq];
        g.writeStartObject();
        g.writeStringField("eventId", eventId(seq));
        g.writeStringField("caseId", caseId);
        g.writeStringField("kind", s.kind().code());
        g.writeStringField("eventTime", iso.format(atMillis));
        g.writeStringField("receivedAt", iso.format(times[0]));
        g.writeStringField("district", district);
        g.writeStringField("town", town);
        g.writeStringField("caseType", caseType);
        g.writeStringField("channel", channel);
        if (!s.committee().isEmpty()) {
            g.writeStringField("committee", s.committee());
            g.writeStringField("mediator", s.mediator());
        }
        g.writeNumberField("parties", parties);
        if (involvedFen > 0) {
            writeYuan(g, "amountInvolved", involvedFen);
        }
        if (s.recoveredFen() > 0) {
            writeYuan(g, "amountRecovered", s.recoveredFen());
        }
        if (s.kind() == EventKind.FOLLOWED_UP) {
            g.writeNumberField("satisfaction", s.satisfaction());
        }
        if (!s.outcome().isEmpty()) {
            g.writeStringField("outcome", s.outcome());
        }
        g.writeObjectFieldStart("caller");
        g.writeStringField("name", caller.name());
        g.writeStringField("phone", caller.phone());
        g.writeStringField("address", caller.address());
        g.writeEndObject();
        g.writeStringField("summary", summary);
        if (seq == 0 && pace != 1.0) {
            g.writeObjectFieldStart("attributes");
            g.writeStringField(PACE_ATTRIBUTE, paceText(pace));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Yuan with two decimals from fen, without floating point. */
    private static void writeYuan(JsonGenerator g, String field, long fen) throws IOException {
        g.writeFieldName(field);
        long cents = fen % 100;
        g.writeNumber(fen / 100 + (cents < 10 ? ".0" : ".") + cents);
    }

    static String paceText(double pace) {
        return pace == Math.rint(pace) ? Long.toString((long) pace) : Double.toString(pace);
    }
}
