package cn.haikou.mediation.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The expected figures, computed in Java from the generated events with the API's documented
 * definitions (no SQL involved), and the comparison of a JSON response against them.
 */
final class Oracle {

    /** What a request asked for, as the oracle needs it. */
    record Spec(List<String> metrics, List<Dimension> groupBy, Map<Dimension, Set<String>> filters, String granularity,
                ZonedDateTime from, ZonedDateTime to, List<String> compare) {
    }

    private final List<CaseDataset.Ev> events;

    Oracle(List<CaseDataset.Ev> events) {
        this.events = events;
    }

    /** Asserts every series, total, bucket and comparison of {@code actual} against the events. */
    void verify(JsonObject actual, Spec spec) {
        String what = spec.toString();
        List<CaseDataset.Ev> inRange = select(spec, spec.from(), spec.to());
        Map<List<String>, List<CaseDataset.Ev>> groups = new LinkedHashMap<>();
        for (CaseDataset.Ev e : inRange) {
            groups.computeIfAbsent(key(e, spec.groupBy()), k -> new ArrayList<>()).add(e);
        }
        if (spec.groupBy().isEmpty()) {
            groups.putIfAbsent(List.of(), List.of());
        }
        // Groups ranked by the first metric (which the tests make "events"), ties by key.
        List<List<String>> expectedOrder = new ArrayList<>(groups.keySet());
        Comparator<List<String>> byKey = (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));
        expectedOrder.sort(Comparator.<List<String>>comparingInt(k -> -groups.get(k).size()).thenComparing(byKey));

        JsonArray series = actual.getJsonArray("series");
        List<List<String>> actualOrder = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            JsonObject key = series.getJsonObject(i).getJsonObject("key");
            actualOrder.add(spec.groupBy().stream().map(d -> key.getString(d.code())).toList());
        }
        assertThat(actualOrder).as("groups of " + what).isEqualTo(expectedOrder);

        List<ZonedDateTime> buckets = spec.granularity() == null ? List.of() : buckets(spec);
        JsonArray actualBuckets = actual.getJsonArray("buckets");
        assertThat(actualBuckets.size()).as("bucket count of " + what).isEqualTo(buckets.size());
        for (int b = 0; b < buckets.size(); b++) {
            assertThat(ZonedDateTime.parse(actualBuckets.getString(b)).toInstant()).isEqualTo(buckets.get(b).toInstant());
        }

        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            List<String> key = actualOrder.get(i);
            // This group's events at any time: every cell below selects from them by time only.
            List<CaseDataset.Ev> groupEvents = new ArrayList<>();
            for (CaseDataset.Ev e : events) {
                if (key(e, spec.groupBy()).equals(key) && passes(spec, e)) {
                    groupEvents.add(e);
                }
            }
            String at = what + " group " + key;
            Stats total = Stats.of(during(groupEvents, spec.from(), spec.to()));
            Map<String, Stats> totalTheirs = new LinkedHashMap<>();
            for (String c : spec.compare()) {
                ZonedDateTime[] r = comparisonRange(spec, c);
                totalTheirs.put(c, Stats.of(during(groupEvents, r[0], r[1])));
            }
            for (String metric : spec.metrics()) {
                checkCell(s.getJsonObject("total").getJsonObject(metric), spec, metric, at + " " + metric + " total", total, totalTheirs);
            }
            if (spec.granularity() == null) {
                continue;
            }
            for (int b = 0; b < buckets.size(); b++) {
                ZonedDateTime start = buckets.get(b);
                Stats mine = Stats.of(during(groupEvents, max(start, spec.from()), min(next(spec.granularity(), start), spec.to())));
                Map<String, Stats> theirs = new LinkedHashMap<>();
                for (String c : spec.compare()) {
                    List<CaseDataset.Ev> other = comparisonBucket(spec, c, start, groupEvents);
                    theirs.put(c, other == null ? null : Stats.of(other));
                }
                for (String metric : spec.metrics()) {
                    JsonObject points = s.getJsonObject("points").getJsonObject(metric);
                    checkPoint(points, b, spec, metric, at + " " + metric + " bucket " + start, mine, theirs);
                }
            }
        }
    }

    private void checkCell(JsonObject cell, Spec spec, String metric, String at, Stats mine, Map<String, Stats> theirs) {
        Object value = mine.value(metric);
        assertNumber(cell.getValue("value"), value, at);
        for (String c : spec.compare()) {
            Object other = theirs.get(c).value(metric);
            assertNumber(cell.getValue(c), other, at + " " + c);
            assertNumber(cell.getValue(c + "Change"), change(value, other), at + " " + c + "Change");
        }
    }

    private void checkPoint(JsonObject points, int b, Spec spec, String metric, String at, Stats mine, Map<String, Stats> theirs) {
        Object value = mine.value(metric);
        assertNumber(points.getJsonArray("value").getValue(b), value, at);
        for (String c : spec.compare()) {
            Stats other = theirs.get(c);
            Object otherValue = other == null ? null : other.value(metric);
            assertNumber(points.getJsonArray(c).getValue(b), otherValue, at + " " + c);
            assertNumber(points.getJsonArray(c + "Change").getValue(b), change(value, otherValue), at + " " + c + "Change");
        }
    }

    /** The comparison bucket for a bucket start, or null when the shifted day does not exist. */
    private List<CaseDataset.Ev> comparisonBucket(Spec spec, String comparison, ZonedDateTime start, List<CaseDataset.Ev> groupEvents) {
        ZonedDateTime shifted;
        if (comparison.equals("yoy") || wholeMonths(spec)) {
            shifted = comparison.equals("yoy") ? start.minusYears(1)
                    : start.minusMonths(ChronoUnit.MONTHS.between(spec.from().toLocalDate(), spec.to().toLocalDate()));
            if (shifted.getDayOfMonth() != start.getDayOfMonth()) {
                return null; // 31 March has no counterpart in February
            }
        } else {
            shifted = start.minusDays(ChronoUnit.DAYS.between(spec.from().toLocalDate(), spec.to().toLocalDate()));
        }
        ZonedDateTime bucket = truncate(spec.granularity(), shifted);
        ZonedDateTime[] range = comparisonRange(spec, comparison);
        return during(groupEvents, max(bucket, range[0]), min(next(spec.granularity(), bucket), range[1]));
    }

    private static ZonedDateTime[] comparisonRange(Spec spec, String comparison) {
        if (comparison.equals("yoy")) {
            return new ZonedDateTime[] {spec.from().minusYears(1), spec.to().minusYears(1)};
        }
        if (wholeMonths(spec)) {
            long months = ChronoUnit.MONTHS.between(spec.from().toLocalDate(), spec.to().toLocalDate());
            return new ZonedDateTime[] {spec.from().minusMonths(months), spec.from()};
        }
        long days = ChronoUnit.DAYS.between(spec.from().toLocalDate(), spec.to().toLocalDate());
        return new ZonedDateTime[] {spec.from().minusDays(days), spec.from()};
    }

    private static boolean wholeMonths(Spec spec) {
        return spec.from().getDayOfMonth() == 1 && spec.to().getDayOfMonth() == 1;
    }

    private List<CaseDataset.Ev> select(Spec spec, ZonedDateTime from, ZonedDateTime to) {
        return during(events.stream().filter(e -> passes(spec, e)).toList(), from, to);
    }

    private static boolean passes(Spec spec, CaseDataset.Ev e) {
        for (Map.Entry<Dimension, Set<String>> f : spec.filters().entrySet()) {
            if (!f.getValue().contains(e.value(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static List<CaseDataset.Ev> during(List<CaseDataset.Ev> evs, ZonedDateTime from, ZonedDateTime to) {
        List<CaseDataset.Ev> out = new ArrayList<>();
        for (CaseDataset.Ev e : evs) {
            if (!e.eventTime().isBefore(from.toInstant()) && e.eventTime().isBefore(to.toInstant())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> key(CaseDataset.Ev e, List<Dimension> dims) {
        return dims.stream().map(e::value).toList();
    }

    private static List<ZonedDateTime> buckets(Spec spec) {
        List<ZonedDateTime> out = new ArrayList<>();
        for (ZonedDateTime b = truncate(spec.granularity(), spec.from()); b.isBefore(spec.to()); b = next(spec.granularity(), b)) {
            out.add(b);
        }
        return out;
    }

    static ZonedDateTime truncate(String granularity, ZonedDateTime t) {
        return switch (granularity) {
            case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
            case "day" -> t.truncatedTo(ChronoUnit.DAYS);
            case "week" -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            default -> throw new IllegalArgumentException(granularity);
        };
    }

    static ZonedDateTime next(String granularity, ZonedDateTime t) {
        return switch (granularity) {
            case "hour" -> t.plusHours(1);
            case "day" -> t.plusDays(1);
            case "week" -> t.plusWeeks(1);
            case "month" -> t.plusMonths(1);
            default -> throw new IllegalArgumentException(granularity);
        };
    }

    private static ZonedDateTime max(ZonedDateTime a, ZonedDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static ZonedDateTime min(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    /** A metric by its documented definition. */
    static Object value(String metric, List<CaseDataset.Ev> evs) {
        return Stats.of(evs).value(metric);
    }

    /** The counts, sums and sorted durations of a set of events, from which every metric follows. */
    record Stats(long events, long received, long accepted, long mediated, long failed, long followed, long onTime,
                 long satisfactionSum, long satisfied, long mass, long involvedFen, long recoveredFen,
                 List<Long> acceptMs, List<Long> closeMs) {

        static Stats of(List<CaseDataset.Ev> evs) {
            long received = 0, accepted = 0, mediated = 0, failed = 0, followed = 0, onTime = 0, satSum = 0, satisfied = 0;
            long mass = 0, involved = 0, recovered = 0;
            List<Long> acceptMs = new ArrayList<>();
            List<Long> closeMs = new ArrayList<>();
            for (CaseDataset.Ev e : evs) {
                long ms = Math.max(0, Duration.between(e.receivedAt(), e.eventTime()).toMillis());
                switch (e.kind()) {
                    case "received" -> {
                        received++;
                        mass += e.parties() >= 5 ? 1 : 0;
                    }
                    case "accepted" -> {
                        accepted++;
                        acceptMs.add(ms);
                    }
                    case "mediated", "failed" -> {
                        if (e.kind().equals("mediated")) {
                            mediated++;
                            recovered += e.recoveredFen();
                        } else {
                            failed++;
                        }
                        onTime += e.eventTime().isAfter(e.closeDueAt()) ? 0 : 1;
                        involved += e.involvedFen();
                        closeMs.add(ms);
                    }
                    case "followed_up" -> {
                        followed++;
                        satSum += e.satisfaction();
                        satisfied += e.satisfaction() >= 4 ? 1 : 0;
                    }
                    default -> { }
                }
            }
            acceptMs.sort(null);
            closeMs.sort(null);
            return new Stats(evs.size(), received, accepted, mediated, failed, followed, onTime, satSum, satisfied, mass,
                    involved, recovered, acceptMs, closeMs);
        }

        Object value(String metric) {
            long closed = mediated + failed;
            return switch (metric) {
                case "events" -> events;
                case "received" -> received;
                case "accepted" -> accepted;
                case "closed" -> closed;
                case "mediated" -> mediated;
                case "failed" -> failed;
                case "followedUp" -> followed;
                case "successRate" -> ratio(mediated, closed);
                case "onTimeRate" -> ratio(onTime, closed);
                case "satisfaction" -> ratio(satisfactionSum, followed);
                case "satisfiedRate" -> ratio(satisfied, followed);
                case "amountInvolved" -> BigDecimal.valueOf(involvedFen, 2);
                case "amountRecovered" -> BigDecimal.valueOf(recoveredFen, 2);
                case "massDisputes" -> mass;
                case "acceptTimeMean" -> mean(acceptMs, 3_600_000d);
                case "closeTimeMean" -> mean(closeMs, 86_400_000d);
                case "acceptTimeP50" -> quantile(acceptMs, 0.5, 3_600_000d);
                case "acceptTimeP90" -> quantile(acceptMs, 0.9, 3_600_000d);
                case "acceptTimeP99" -> quantile(acceptMs, 0.99, 3_600_000d);
                case "closeTimeP50" -> quantile(closeMs, 0.5, 86_400_000d);
                case "closeTimeP90" -> quantile(closeMs, 0.9, 86_400_000d);
                case "closeTimeP99" -> quantile(closeMs, 0.99, 86_400_000d);
                default -> throw new IllegalArgumentException(metric);
            };
        }
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : (double) a / b;
    }

    private static Double mean(List<Long> ms, double unit) {
        return ms.isEmpty() ? null : (double) ms.stream().mapToLong(Long::longValue).sum() / ms.size() / unit;
    }

    /** The value at 0-based rank floor(level * n) of the sorted durations (ClickHouse's quantileExact). */
    private static Double quantile(List<Long> sorted, double level, double unit) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = Math.min(sorted.size() - 1, (int) (level * sorted.size()));
        return sorted.get(index) / unit;
    }

    static Double change(Object current, Object compared) {
        if (current == null || compared == null) {
            return null;
        }
        double base = ((Number) compared).doubleValue();
        return base == 0 ? null : (((Number) current).doubleValue() - base) / base;
    }

    static void assertNumber(Object actual, Object expected, String at) {
        if (expected == null) {
            assertThat(actual).as(at).isNull();
            return;
        }
        assertThat(actual).as(at).isNotNull();
        double a = ((Number) actual).doubleValue();
        double e = ((Number) expected).doubleValue();
        if (expected instanceof Long) {
            assertThat(((Number) actual).longValue()).as(at).isEqualTo((Long) expected);
        } else {
            assertThat(a).as(at).isCloseTo(e, within(Math.max(1e-9, Math.abs(e) * 1e-12)));
        }
    }

    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
}
