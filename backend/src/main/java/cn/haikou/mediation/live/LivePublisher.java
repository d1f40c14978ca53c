package cn.haikou.mediation.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes panel messages and keeps each address's latest snapshot for screens that connect
 * later. Bodies go out as pre-encoded JSON text: a JsonObject body would be deep-copied per
 * consumer and re-encoded per socket (measured-ceilings.md: ~40% more server CPU).
 */
public final class LivePublisher {

    private final EventBus bus;
    private final Map<String, String> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Long> sequence = new ConcurrentHashMap<>();
    private final Counter published;

    LivePublisher(EventBus bus, MeterRegistry registry) {
        this.bus = bus;
        this.published = Counter.builder("live.messages.published").register(registry);
    }

    /** Publishes {@code update} and remembers {@code snapshot} (the full state) for late joiners. */
    void publish(String address, JsonObject update, JsonObject snapshot) {
        long seq = sequence.merge(address, 1L, Long::sum);
        String at = Instant.now().toString();
        snapshots.put(address, envelope(seq, true, at, snapshot));
        bus.publish(address, envelope(seq, false, at, update));
        published.increment();
    }

    void publish(String address, JsonObject data) {
        publish(address, data, data);
    }

    /** The latest complete state of {@code address}, marked as a snapshot; null before the first publish. */
    public String snapshot(String address) {
        return snapshots.get(address);
    }

    private static String envelope(long seq, boolean snapshot, String at, JsonObject data) {
        return new JsonObject().put("seq", seq).put("snapshot", snapshot).put("generatedAt", at).put("data", data).encode();
    }
}
