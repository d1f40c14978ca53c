package cn.haikou.mediation.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers "could this event id already be stored?" without a database round trip for live traffic.
 *
 * <p>It keeps 64-bit hashes of the ids of every stored event whose time is at or after a
 * watermark, up to a capacity; older minutes are evicted and the watermark moves up. So for an
 * event at or after the watermark, a hash miss means <em>certainly new</em>. A hash hit (a repeat,
 * or a rare collision) or an older event means <em>maybe stored</em>, which the writer settles by
 * asking ClickHouse. Not thread-safe: the writer's threads use it under one lock.
 */
final class DedupIndex {

    private static final Logger LOG = LoggerFactory.getLogger(DedupIndex.class);

    private final int capacity;
    /** hash -> how many windowed ids have it (collisions are counted, never lost). */
    private final Map<Long, Integer> hashes = new HashMap<>();
    /** minute (epoch) -> the hashes of that minute's ids, for eviction. */
    private final TreeMap<Long, LongList> minutes = new TreeMap<>();
    private long size;
    /** Epoch minute: every stored id with an event time at or after it is in the index. */
    private long watermarkMinute = Long.MIN_VALUE;

    DedupIndex(int capacity) {
        this.capacity = capacity;
    }

    /** Marks everything before {@code minute} as outside the window (used when loading). */
    void startWindowAt(Instant minute) {
        watermarkMinute = minute == null ? Long.MIN_VALUE : minute.getEpochSecond() / 60;
    }

    /** True when the id is certainly not stored yet. */
    boolean certainlyNew(String eventId, Instant eventTime) {
        return minuteOf(eventTime) >= watermarkMinute && !hashes.containsKey(hash(eventId));
    }

    /** Records a stored event (only those inside the window are kept). */
    void add(String eventId, Instant eventTime) {
        long minute = minuteOf(eventTime);
        if (minute < watermarkMinute) {
            return;
        }
        long h = hash(eventId);
        hashes.merge(h, 1, Integer::sum);
        minutes.computeIfAbsent(minute, m -> new LongList()).add(h);
        size++;
        while (size > capacity && !minutes.isEmpty()) {
            evictOldestMinute();
        }
    }

    long size() {
        return size;
    }

    Instant watermark() {
        return watermarkMinute == Long.MIN_VALUE ? null : Instant.ofEpochSecond(watermarkMinute * 60);
    }

    private void evictOldestMinute() {
        Map.Entry<Long, LongList> oldest = minutes.pollFirstEntry();
        LongList list = oldest.getValue();
        for (int i = 0; i < list.size; i++) {
            hashes.computeIfPresent(list.values[i], (k, n) -> n == 1 ? null : n - 1);
        }
        size -= list.size;
        watermarkMinute = oldest.getKey() + 1;
        LOG.debug("dedup window now starts at {}", watermark());
    }

    private static long minuteOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    /** FNV-1a over the UTF-16 units, then murmur3's finaliser to spread the bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A growable array of primitive longs: the minute buckets hold millions of hashes. */
    private static final class LongList {
        long[] values = new long[16];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
