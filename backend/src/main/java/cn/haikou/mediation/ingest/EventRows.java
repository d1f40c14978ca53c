package cn.haikou.mediation.ingest;

import cn.haikou.mediation.domain.CaseEvent;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Encodes events as {@code JSONEachRow} rows of {@code case_events}, streamed straight into the
 * insert (no intermediate copy of the batch).
 */
final class EventRows {

    private static final JsonFactory JSON = new JsonFactory();

    private EventRows() {
    }

    static void write(List<CaseEvent> events, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            char[] time = new char[23];
            for (CaseEvent e : events) {
                g.writeStartObject();
                g.writeStringField("event_id", e.eventId());
                g.writeStringField("case_id", e.caseId());
                g.writeStringField("kind", e.kind().code());
                writeTime(g, "event_time", e.eventTime(), time);
                writeTime(g, "received_at", e.receivedAt(), time);
                writeTime(g, "ingested_at", e.ingestedAt(), time);
                g.writeStringField("source", e.source());
                g.writeStringField("district", e.district());
                g.writeStringField("town", e.town());
                g.writeStringField("case_type", e.caseType());
                g.writeStringField("channel", e.channel());
                g.writeStringField("committee", e.committee());
                g.writeStringField("mediator", e.mediator());
                g.writeNumberField("parties", e.parties());
                writeFen(g, "amount_involved", e.amountInvolvedFen());
                writeFen(g, "amount_recovered", e.amountRecoveredFen());
                g.writeNumberField("satisfaction", e.satisfaction());
                g.writeStringField("outcome", e.outcome());
                writeTime(g, "accept_due_at", e.acceptDueAt(), time);
                writeTime(g, "close_due_at", e.closeDueAt(), time);
                g.writeStringField("caller_name", e.caller().name());
                g.writeStringField("caller_phone", e.caller().phone());
                g.writeStringField("address", e.caller().address());
                g.writeStringField("summary", e.summary());
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    g.writeStringField(a.getKey(), a.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    /** Decimal(18,2) from fen, written as a JSON number with two decimals and no float rounding. */
    private static void writeFen(JsonGenerator g, String field, long fen) throws IOException {
        g.writeFieldName(field);
        long yuan = fen / 100;
        long cents = fen % 100;
        g.writeNumber(yuan + "." + (cents < 10 ? "0" : "") + cents);
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, formatted by hand: this runs ~6 times per event. */
    private static void writeTime(JsonGenerator g, String field, Instant instant, char[] buf) throws IOException {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        digits(buf, 0, t.getYear(), 4);
        buf[4] = '-';
        digits(buf, 5, t.getMonthValue(), 2);
        buf[7] = '-';
        digits(buf, 8, t.getDayOfMonth(), 2);
        buf[10] = ' ';
        digits(buf, 11, t.getHour(), 2);
        buf[13] = ':';
        digits(buf, 14, t.getMinute(), 2);
        buf[16] = ':';
        digits(buf, 17, t.getSecond(), 2);
        buf[19] = '.';
        digits(buf, 20, t.getNano() / 1_000_000, 3);
        g.writeFieldName(field);
        g.writeString(buf, 0, 23);
    }

    private static void digits(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
