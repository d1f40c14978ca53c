package cn.haikou.mediation.analytics;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The answer to one {@link AnalyticsQuery}, before rendering: component values per group for the
 * whole range and per bucket, each beside the same values for every comparison period.
 *
 * @param buckets     bucket starts (empty without a granularity)
 * @param comparisons the periods compared with, in request order
 * @param series      one per group, in ranking order (one with an empty key without groupBy)
 */
public record AnalyticsResult(AnalyticsQuery query, SourcePlan plan, List<ZonedDateTime> buckets,
                              List<Comparison> comparisons, List<Series> series) {

    /** Every table the figures were read from (sums first, then percentile samples). */
    public List<Source> sources() {
        return plan.used(query.components());
    }

    /**
     * One group's figures.
     *
     * @param key    its values, in groupBy order
     * @param total  the whole range
     * @param points one per bucket
     */
    public record Series(List<String> key, Cell total, List<Cell> points) {
    }

    /**
     * The values of one cell and of the matching cell of each comparison period (by name; a null
     * entry when the bucket has no counterpart there).
     */
    public record Cell(Aggregates current, Map<String, Aggregates> compared) {
    }
}
