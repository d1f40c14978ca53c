package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.storage.BlockingStore;
import cn.haikou.mediation.storage.Row;
import io.vertx.core.Future;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an {@link AnalyticsQuery}: picks the cheapest sources that can answer ({@link SourcePlan}),
 * ranks the groups once (for the requested range), then fetches totals and buckets for the range
 * and each comparison period in parallel on the ClickHouse worker pool, merging sums and
 * percentiles (which may come from different tables) into the same cells.
 */
public final class AnalyticsService {

    /**
     * Values per result row allowed on average (rows x metrics x (1 + 2 per comparison)): keeps the
     * largest answer near 2 million values (tens of MB of JSON) with the default row limit.
     */
    static final int MAX_VALUES_PER_ROW = 20;

    private final BlockingStore store;
    private final TimeRanges ranges;
    private final AppConfig.Analytics limits;

    public AnalyticsService(BlockingStore store, TimeRanges ranges, AppConfig.Analytics limits) {
        this.store = store;
        this.ranges = ranges;
        this.limits = limits;
    }

    public Future<AnalyticsResult> run(AnalyticsQuery query) {
        List<Comparison> comparisons = new ArrayList<>();
        for (String name : query.compare()) {
            comparisons.add(name.equals(Comparison.PREVIOUS) ? ranges.previous(query.range()) : ranges.yearEarlier(query.range()));
        }
        SourcePlan plan = SourcePlan.choose(query, comparisons);
        List<ZonedDateTime> buckets = query.granularity() == null ? List.of() : query.granularity().buckets(query.range());
        return selectGroups(query, plan).compose(selected -> {
            int rows = selected.groups().size() * Math.max(1, buckets.size());
            if (rows > limits.maxRows()) {
                throw new InvalidQueryException(query.groupBy().isEmpty() ? "granularity" : "groupBy", "too_many_rows",
                        "the result would have " + rows + " rows (groups x buckets), more than " + limits.maxRows()
                                + "; use top, filters, a coarser granularity or a shorter range");
            }
            long values = (long) rows * query.metrics().size() * (1 + 2L * comparisons.size());
            if (values > MAX_VALUES_PER_ROW * limits.maxRows()) {
                throw new InvalidQueryException("metrics", "too_many_values", "the result would hold " + values
                        + " values (rows x metrics x comparisons); ask for fewer metrics or comparisons, or fewer rows");
            }
            List<List<String>> restrict = query.groupBy().isEmpty() ? null : selected.groups();
            Future<PeriodData> current = fetch(query, plan, query.range(), restrict, selected);
            List<Future<PeriodData>> compared = new ArrayList<>();
            for (Comparison c : comparisons) {
                compared.add(fetch(query, plan, c.range(), restrict, null));
            }
            List<Future<PeriodData>> all = new ArrayList<>(compared);
            all.add(current);
            return Future.all(all).map(done -> assemble(query, plan, buckets, comparisons, selected.groups(),
                    current.result(), compared.stream().map(Future::result).toList()));
        });
    }

    /** The groups in ranking order, with the totals (of {@code components}) the ranking query already computed. */
    private record Selection(List<List<String>> groups, List<Component> components, Map<List<String>, Aggregates> totals) {
    }

    private Future<Selection> selectGroups(AnalyticsQuery query, SourcePlan plan) {
        if (query.groupBy().isEmpty()) {
            return Future.succeededFuture(new Selection(List.of(List.of()), List.of(), Map.of()));
        }
        // Ranking by a percentile needs its counts and samples in one query: only raw events hold both.
        Source rankSource = query.orderBy().percentile() ? Source.RAW : plan.sums();
        List<Component> components = query.components().stream().filter(c -> c.availableIn(rankSource)).toList();
        int limit = query.top() != null ? query.top() : limits.maxGroups() + 1;
        AnalyticsSql.Statement statement = AnalyticsSql.select(rankSource, components, query, query.range(), null, null,
                new AnalyticsSql.Ranking(query.orderBy(), query.ascending(), limit));
        return rows(statement).map(rows -> {
            if (query.top() == null && rows.size() > limits.maxGroups()) {
                throw new InvalidQueryException("groupBy", "too_many_groups", "more than " + limits.maxGroups()
                        + " groups; use top=N (with orderBy) or filters to narrow the result");
            }
            List<List<String>> groups = new ArrayList<>();
            Map<List<String>, Aggregates> totals = new HashMap<>();
            for (Row row : rows) {
                List<String> key = groupKey(row, query.groupBy().size());
                groups.add(key);
                totals.put(key, Aggregates.read(row, components));
            }
            return new Selection(groups, components, totals);
        });
    }

    /** Totals and buckets of one period, keyed by group and by bucket start (epoch seconds). */
    private record PeriodData(Map<List<String>, Aggregates> totals, Map<List<String>, Map<Long, Aggregates>> points) {
    }

    /**
     * Fetches one period. {@code known} (the requested range only) holds the totals the ranking
     * query already computed, so only the rest is read again. With buckets, totals of sums and
     * counts are the sums of the buckets (same filters, the buckets cover the range), so only
     * percentiles need a totals query of their own.
     */
    private Future<PeriodData> fetch(AnalyticsQuery query, SourcePlan plan, TimeRange range, List<List<String>> restrict,
                                     Selection known) {
        PeriodData data = new PeriodData(new HashMap<>(), new HashMap<>());
        if (restrict != null && restrict.isEmpty()) {
            return Future.succeededFuture(data);
        }
        Set<Component> totalsNeeded = new LinkedHashSet<>(query.components());
        if (known != null) {
            known.totals().forEach((k, v) -> data.totals().computeIfAbsent(k, x -> new Aggregates()).putAll(v));
            totalsNeeded.removeAll(known.components());
        }
        Set<Component> summedFromBuckets = new LinkedHashSet<>();
        if (query.granularity() != null) {
            totalsNeeded.stream().filter(c -> c.type() != Component.Type.QUANTILES).forEach(summedFromBuckets::add);
            totalsNeeded.removeAll(summedFromBuckets);
        }
        List<Future<?>> work = new ArrayList<>();
        split(totalsNeeded, plan).forEach((s, components) ->
                work.add(rows(AnalyticsSql.select(s, components, query, range, null, restrict, null))
                        .onSuccess(rows -> merge(rows, components, query, data.totals()))));
        if (query.granularity() != null) {
            split(query.components(), plan).forEach((s, components) ->
                    work.add(rows(AnalyticsSql.select(s, components, query, range, query.granularity(), restrict, null))
                            .onSuccess(rows -> mergePoints(rows, components, query, range.zone(), data.points()))));
        }
        return Future.all(work).map(done -> {
            if (!summedFromBuckets.isEmpty()) {
                sumBuckets(data, summedFromBuckets);
            }
            return data;
        });
    }

    private static void sumBuckets(PeriodData data, Set<Component> components) {
        data.points().forEach((group, buckets) -> {
            Aggregates sum = new Aggregates();
            buckets.values().forEach(sum::addSums);
            Aggregates total = data.totals().computeIfAbsent(group, g -> new Aggregates());
            for (Component c : components) {
                total.copy(sum, c);
            }
        });
    }

    /** One statement per source the plan reads the components from. */
    private static Map<Source, List<Component>> split(Collection<Component> components, SourcePlan plan) {
        Map<Source, List<Component>> out = new LinkedHashMap<>();
        for (Component c : components) {
            out.computeIfAbsent(plan.sourceFor(c), s -> new ArrayList<>()).add(c);
        }
        return out;
    }

    private static void merge(List<Row> rows, List<Component> components, AnalyticsQuery query, Map<List<String>, Aggregates> into) {
        synchronized (into) {
            for (Row row : rows) {
                into.computeIfAbsent(groupKey(row, query.groupBy().size()), k -> new Aggregates())
                        .putAll(Aggregates.read(row, components));
            }
        }
    }

    private static void mergePoints(List<Row> rows, List<Component> components, AnalyticsQuery query, ZoneId zone,
                                     Map<List<String>, Map<Long, Aggregates>> into) {
        synchronized (into) {
            for (Row row : rows) {
                long bucket = bucketKey(row, query.granularity(), zone);
                into.computeIfAbsent(groupKey(row, query.groupBy().size()), k -> new HashMap<>())
                        .computeIfAbsent(bucket, b -> new Aggregates())
                        .putAll(Aggregates.read(row, components));
            }
        }
    }

    private static long bucketKey(Row row, Granularity granularity, ZoneId zone) {
        if (granularity == Granularity.HOUR) {
            return row.getLong(AnalyticsSql.BUCKET);
        }
        return LocalDate.parse(row.getString(AnalyticsSql.BUCKET)).atStartOfDay(zone).toEpochSecond();
    }

    private static List<String> groupKey(Row row, int dimensions) {
        List<String> key = new ArrayList<>(dimensions);
        for (int i = 0; i < dimensions; i++) {
            key.add(row.getString(AnalyticsSql.GROUP_COLUMNS.get(i)));
        }
        return key;
    }

    private Future<List<Row>> rows(AnalyticsSql.Statement statement) {
        return store.call(ch -> ch.query(statement.sql(), statement.params()).toList());
    }

    private static AnalyticsResult assemble(AnalyticsQuery query, SourcePlan plan, List<ZonedDateTime> buckets,
                                            List<Comparison> comparisons, List<List<String>> groups, PeriodData current,
                                            List<PeriodData> compared) {
        List<AnalyticsResult.Series> series = new ArrayList<>(groups.size());
        for (List<String> key : groups) {
            Map<String, Aggregates> totalCompared = new LinkedHashMap<>();
            for (int i = 0; i < comparisons.size(); i++) {
                totalCompared.put(comparisons.get(i).name(), orEmpty(compared.get(i).totals().get(key)));
            }
            AnalyticsResult.Cell total = new AnalyticsResult.Cell(orEmpty(current.totals().get(key)), totalCompared);
            List<AnalyticsResult.Cell> points = new ArrayList<>(buckets.size());
            for (ZonedDateTime b : buckets) {
                Map<String, Aggregates> pointCompared = new LinkedHashMap<>();
                for (int i = 0; i < comparisons.size(); i++) {
                    Comparison c = comparisons.get(i);
                    Optional<ZonedDateTime> shifted = c.shift().apply(b);
                    Map<Long, Aggregates> theirs = compared.get(i).points().getOrDefault(key, Map.of());
                    pointCompared.put(c.name(), shifted
                            .map(s -> orEmpty(theirs.get(query.granularity().truncate(s).toEpochSecond())))
                            .orElse(null));
                }
                Aggregates mine = current.points().getOrDefault(key, Map.of()).get(b.toEpochSecond());
                points.add(new AnalyticsResult.Cell(orEmpty(mine), pointCompared));
            }
            series.add(new AnalyticsResult.Series(key, total, points));
        }
        return new AnalyticsResult(query, plan, buckets, comparisons, series);
    }

    private static Aggregates orEmpty(Aggregates a) {
        return a == null ? new Aggregates() : a;
    }
}
