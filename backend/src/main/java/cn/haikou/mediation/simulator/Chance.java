package cn.haikou.mediation.simulator;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded randomness for the simulator. Every random stream is derived from the configured seed and
 * a stable key (a minute slot, a case id), never from a shared generator, so that any part of the
 * stream can be regenerated alone and identically: after a restart, in a test, on another machine.
 */
final class Chance {

    private Chance() {
    }

    /** A generator for one key under one seed. */
    static SplittableRandom random(long seed, long... keys) {
        long h = mix(seed ^ 0x9e3779b97f4a7c15L);
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x632be59bd9b4e019L));
        }
        return new SplittableRandom(h);
    }

    /** A stable 64-bit hash of a string (FNV-1a, then spread), independent of String.hashCode. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** murmur3's 64-bit finaliser. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static double uniform(SplittableRandom r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    /** Log-normal with the given median: most values near it, a long tail above (durations, amounts). */
    static double logNormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * r.nextGaussian());
    }

    /** Poisson counts: exact for small means, the normal approximation above 30. */
    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = r.nextDouble();
        int n = 0;
        while (p > limit) {
            p *= r.nextDouble();
            n++;
        }
        return n;
    }

    /** Picks by weight; items whose weight is not positive are never picked unless all are. */
    static <T> T weighted(SplittableRandom r, List<T> items, ToDoubleFunction<T> weight) {
        double total = 0;
        for (T item : items) {
            total += Math.max(0, weight.applyAsDouble(item));
        }
        if (total <= 0) {
            return items.get(r.nextInt(items.size()));
        }
        double x = r.nextDouble() * total;
        for (T item : items) {
            x -= Math.max(0, weight.applyAsDouble(item));
            if (x < 0) {
                return item;
            }
        }
        return items.get(items.size() - 1);
    }

    static String pick(SplittableRandom r, String[] items) {
        return items[r.nextInt(items.length)];
    }
}
