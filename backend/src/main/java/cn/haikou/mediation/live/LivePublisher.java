package cn.haikou.mediation.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers each panel message, encodes it once as the bridge's {@code rec} frame
 * ({@code {"type":"rec","address":..,"body":{"seq":..,"snapshot":..,"generatedAt":..,"data":..}}})
 * and hands it to the {@link Screens}. The body is a JSON object, not JSON text: text would be
 * escaped inside the frame (and again inside SockJS's framing), a third more bytes per screen.
 */
public final class LivePublisher {

    private final Screens screens;
    private final Map<String, Long> sequence = new ConcurrentHashMap<>();
    private final Counter published;

    LivePublisher(Screens screens, MeterRegistry registry) {
        this.screens = screens;
        this.published = Counter.builder("live.messages.published").register(registry);
    }

    /** A message's data, encoded: as an update and as the snapshot kept for later subscribers. */
    record Encoded(String update, String snapshot) {
    }

    /**
     * Publishes {@code update} and keeps {@code snapshot} (the full state) for screens that subscribe
     * later; returns both encoded, for {@link LiveAddresses#PULSE} to reuse.
     */
    Encoded publish(String address, JsonObject update, JsonObject snapshot) {
        String updateData = update.encode();
        String snapshotData = update == snapshot ? updateData : snapshot.encode();
        publishEncoded(address, updateData, snapshotData);
        return new Encoded(updateData, snapshotData);
    }

    Encoded publish(String address, JsonObject data) {
        return publish(address, data, data);
    }

    /** Publishes data already encoded as JSON objects. */
    void publishEncoded(String address, String updateData, String snapshotData) {
        long seq = sequence.merge(address, 1L, Long::sum);
        String at = Instant.now().toString();
        screens.publish(address, Screens.Frame.of(frame(address, seq, false, at, updateData)),
                Screens.Frame.of(frame(address, seq, true, at, snapshotData)));
        published.increment();
    }

    /** Joined as text: the address (a {@link LiveAddresses} name) and the ISO time need no escaping. */
    static String frame(String address, long seq, boolean snapshot, String at, String data) {
        return "{\"type\":\"rec\",\"address\":\"" + address + "\",\"body\":{\"seq\":" + seq + ",\"snapshot\":" + snapshot
                + ",\"generatedAt\":\"" + at + "\",\"data\":" + data + "}}";
    }
}
