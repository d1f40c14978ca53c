package cn.haikou.mediation.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** One ingest batch body: an event per line ({@code application/x-ndjson}). */
final class Ndjson {

    private static final JsonFactory JSON = new JsonFactory();

    private Ndjson() {
    }

    static Buffer encode(List<DueEvent> events, IsoTimes iso) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (DueEvent e : events) {
                e.simCase().write(g, e.seq(), e.atMillis(), iso);
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }
}
