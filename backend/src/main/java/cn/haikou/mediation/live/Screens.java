package cn.haikou.mediation.live;

import cn.haikou.mediation.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The connected screens, grouped by the event loop that owns their sockets, with the addresses
 * each subscribed to through the bridge, and the latest frame of every address.
 *
 * <p>A published message is encoded once, as the bridge's own {@code rec} frame, in the form each
 * transport writes ({@link Frame}), and written to every subscriber from the subscriber's event
 * loop (one task per loop, not per socket). The bridge's built-in path has one event-bus consumer
 * per socket and address and, for every message and socket, builds an envelope, raises a bridge
 * event and encodes it again; at thousands of screens that repeated work, not the network, set
 * the ceiling.
 *
 * <p>Memory is bounded per screen and for all of them together. Every write is counted until the
 * kernel has taken it (its future completes): a screen with {@code maxScreenBytes} unsent, or any
 * unsent bytes at all while the screens' total is over {@code maxTotalBytes}, is skipped and
 * marked lagging; once it has nothing unsent it gets the latest frame of each of its addresses,
 * and the bridge closes one that stays stalled. The total matters as much as the per-screen bound:
 * at 10,000 screens on two cores the benchmark's clients fell behind together, 1 MB each would
 * have been 10 GB, and the server wedged once Netty's direct memory (the size of the heap by
 * default) ran out, its event loops waiting for buffers that only they could free.
 */
public final class Screens {

    /**
     * One {@code rec} frame as text (SockJS sessions wrap text in their own framing) and as UTF-8
     * bytes (raw websockets send them as they are, in a binary message as the bridge itself does).
     * Encoding the text to UTF-8 once per socket was a fifth of the server's CPU at 10,000 screens.
     */
    record Frame(String text, Buffer bytes) {
        static Frame of(String text) {
            return new Frame(text, Buffer.buffer(text));
        }
    }

    /** One connected screen. Fields other than the volatile/concurrent ones belong to its event loop. */
    static final class Screen {
        final SockJSSocket socket;
        final Principal principal;
        final Context context;
        /** A raw websocket (no SockJS session framing). */
        final boolean raw;
        final Set<String> addresses = ConcurrentHashMap.newKeySet();
        volatile long laggingSince;
        /**
         * Bytes written and not yet taken by the kernel. Atomic: a SockJS session completes its
         * writes on the context of its transport's request, which may be another event loop.
         */
        final AtomicLong unsent = new AtomicLong();

        Screen(SockJSSocket socket, Principal principal, Context context, boolean raw) {
            this.socket = socket;
            this.principal = principal;
            this.context = context;
            this.raw = raw;
        }

        Future<Void> write(Frame frame) {
            return raw ? socket.write(frame.bytes()) : socket.write(frame.text());
        }
    }

    private final Map<Context, Map<SockJSSocket, Screen>> byLoop = new ConcurrentHashMap<>();
    private final Map<SockJSSocket, Screen> all = new ConcurrentHashMap<>();
    private final Map<String, Frame> latest = new ConcurrentHashMap<>();
    /**
     * Screens subscribed to each address. A publish to an address nobody watches stops here instead
     * of visiting every screen on every event loop: the wall takes the fast panels as
     * {@link LiveAddresses#PULSE}, so their own addresses usually have no subscriber at all.
     */
    private final Map<String, AtomicLong> subscribers = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final AtomicLong unsentTotal = new AtomicLong();
    private final long maxScreenBytes;
    private final long maxTotalBytes;

    /**
     * @param maxScreenBytes unsent bytes after which a screen is lagging
     * @param maxTotalBytes unsent bytes of all screens together after which only screens with
     *                      nothing unsent get updates
     */
    public Screens(MeterRegistry registry, long maxScreenBytes, long maxTotalBytes) {
        this.maxScreenBytes = maxScreenBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.dropped = Counter.builder("live.messages.dropped").description("updates not sent to lagging sockets").register(registry);
        Gauge.builder("live.sockets", all, Map::size).register(registry);
        for (String address : LiveAddresses.ALL) {
            Gauge.builder("live.subscribers", subscribers(address), AtomicLong::get).tag("address", address)
                    .description("screens subscribed to the address").register(registry);
        }
        Gauge.builder("live.unsent.bytes", unsentTotal, AtomicLong::get).description("written to screens, not yet taken by the kernel")
                .register(registry);
    }

    /**
     * Called on the socket's event loop when the bridge admits it. Screens are grouped by the
     * loop's base context: each connection runs on its own duplicate of it, and one task per
     * connection would cost as much as the per-socket path this replaces.
     */
    Screen add(SockJSSocket socket, Principal principal, Context context, boolean raw) {
        Context loop = ((ContextInternal) context).unwrap();
        Screen screen = new Screen(socket, principal, loop, raw);
        all.put(socket, screen);
        byLoop.computeIfAbsent(loop, c -> new ConcurrentHashMap<>()).put(socket, screen);
        return screen;
    }

    void remove(SockJSSocket socket) {
        Screen screen = all.remove(socket);
        if (screen != null) {
            // the bridge unregisters each address as a socket closes; this covers a close it did not report
            screen.addresses.forEach(a -> unsubscribe(screen, a));
            Map<SockJSSocket, Screen> loop = byLoop.get(screen.context);
            if (loop != null) {
                loop.remove(socket);
            }
        }
    }

    Screen get(SockJSSocket socket) {
        return all.get(socket);
    }

    /** On the socket's event loop: subscribes and sends the address's latest frame first. */
    void subscribe(Screen screen, String address) {
        if (screen.addresses.add(address)) {
            subscribers(address).incrementAndGet();
        }
        sendLatest(screen, address);
    }

    private void sendLatest(Screen screen, String address) {
        Frame frame = latest.get(address);
        if (frame != null) {
            write(screen, frame);
        }
    }

    void unsubscribe(Screen screen, String address) {
        if (screen.addresses.remove(address)) {
            subscribers(address).decrementAndGet();
        }
    }

    /** Screens subscribed to {@code address} now. */
    long subscriberCount(String address) {
        return subscribers(address).get();
    }

    private AtomicLong subscribers(String address) {
        return subscribers.computeIfAbsent(address, a -> new AtomicLong());
    }

    /**
     * Remembers {@code snapshotFrame} for screens that subscribe later and writes {@code updateFrame}
     * to every current subscriber of {@code address}. Callable from any thread.
     */
    void publish(String address, Frame updateFrame, Frame snapshotFrame) {
        latest.put(address, snapshotFrame);
        if (subscribers(address).get() == 0) {
            return;
        }
        byLoop.forEach((context, screens) -> {
            if (!screens.isEmpty()) {
                context.runOnContext(v -> screens.values().forEach(screen -> deliver(screen, address, updateFrame)));
            }
        });
    }

    private void deliver(Screen screen, String address, Frame frame) {
        if (!screen.addresses.contains(address)) {
            return;
        }
        if (screen.laggingSince != 0) {
            dropped.increment();
            return;
        }
        SockJSSocket socket = screen.socket;
        boolean full;
        try {
            // SockJS sessions also keep their own queue (polling transports): their bound as well
            full = socket.writeQueueFull();
        } catch (IllegalStateException closed) {
            // closed, and the bridge has not yet told us (SOCKET_CLOSED follows)
            return;
        }
        long unsent = screen.unsent.get();
        if (!full && (unsent == 0 || (unsent < maxScreenBytes && unsentTotal.get() < maxTotalBytes))) {
            write(screen, frame);
            return;
        }
        dropped.increment();
        screen.laggingSince = System.currentTimeMillis();
        if (full) {
            socket.drainHandler(v -> caughtUp(screen));
        }
    }

    /** Writes and counts the frame until the kernel has it; a lagging screen that has caught up is resynchronised. */
    private void write(Screen screen, Frame frame) {
        long size = frame.bytes().length();
        screen.unsent.addAndGet(size);
        unsentTotal.addAndGet(size);
        screen.write(frame).onComplete(ar -> {
            // also on failure: a closed socket's writes fail and give their bytes back
            unsentTotal.addAndGet(-size);
            if (screen.unsent.addAndGet(-size) == 0 && ar.succeeded()) {
                caughtUp(screen);
            }
        });
    }

    private void caughtUp(Screen screen) {
        if (screen.laggingSince != 0) {
            screen.laggingSince = 0;
            screen.addresses.forEach(a -> sendLatest(screen, a));
        }
    }

    /** Every screen with its principal, from any thread (for closing and for operations). */
    void forEach(BiConsumer<SockJSSocket, Screen> action) {
        all.forEach(action);
    }

    /** Open screens, by token name. */
    Map<String, Long> countByToken() {
        Map<String, Long> out = new TreeMap<>();
        all.values().forEach(s -> out.merge(s.principal.name(), 1L, Long::sum));
        return out;
    }
}
