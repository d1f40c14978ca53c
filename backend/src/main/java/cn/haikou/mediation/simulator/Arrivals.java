package cn.haikou.mediation.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When cases reach the platform: a Poisson process whose rate follows the {@link Rhythm}. Time is
 * cut into UTC minutes and each minute's arrivals are drawn from that minute's own seeded
 * generator, so any stretch of the stream can be regenerated on its own (a backfill, a gap after a
 * restart, the next minute of live mode) and always gives the same cases.
 */
public final class Arrivals {

    /** Separate streams never share a minute's draw: history and live run at different rates. */
    public enum Stream { HISTORY, LIVE }

    private final Rhythm rhythm;
    private final long seed;

    public Arrivals(CaseGenerator generator, long seed) {
        this.rhythm = generator.rhythm();
        this.seed = seed;
    }

    /** Arrivals after {@code from} up to and including {@code to}, in time order. */
    public List<Arrival> between(Stream stream, Instant from, Instant to, double casesPerHour, double pace) {
        List<Arrival> out = new ArrayList<>();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        for (long minute = Math.floorDiv(fromMs, 60_000L); minute * 60_000L <= toMs; minute++) {
            minute(stream, minute, casesPerHour, pace, fromMs, toMs, out);
        }
        return out;
    }

    private void minute(Stream stream, long minute, double casesPerHour, double pace, long fromMs, long toMs, List<Arrival> out) {
        long start = minute * 60_000L;
        SplittableRandom r = Chance.random(seed, stream.ordinal() + 1L, minute);
        int n = Chance.poisson(r, casesPerHour / 60.0 * rhythm.rate(Instant.ofEpochMilli(start)));
        if (n == 0) {
            return;
        }
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = start + r.nextLong(60_000L);
        }
        Arrays.sort(at);
        int sameMillis = 0;
        for (int i = 0; i < n; i++) {
            sameMillis = i > 0 && at[i] == at[i - 1] ? sameMillis + 1 : 0;
            if (at[i] > fromMs && at[i] <= toMs) {
                out.add(new Arrival(caseId(at[i], sameMillis), Instant.ofEpochMilli(at[i]), pace));
            }
        }
    }

    /**
     * {@code SIM-20240115003012345-0}: the receipt time in UTC to the millisecond (unique across
     * streams and restarts, which never cover the same instant twice) and a counter for the rare
     * arrivals in the same millisecond.
     */
    static String caseId(long epochMillis, int sameMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(28).append(SimCase.ID_PREFIX);
        pad(sb, t.getYear(), 4);
        pad(sb, t.getMonthValue(), 2);
        pad(sb, t.getDayOfMonth(), 2);
        pad(sb, t.getHour(), 2);
        pad(sb, t.getMinute(), 2);
        pad(sb, t.getSecond(), 2);
        pad(sb, t.getNano() / 1_000_000, 3);
        return sb.append('-').append(sameMillis).toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
