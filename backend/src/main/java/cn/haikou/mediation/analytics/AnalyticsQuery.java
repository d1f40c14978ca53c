package cn.haikou.mediation.analytics;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated analytics request: every name already mapped to a constant, every value checked.
 *
 * @param granularity null for one total per group over the whole range
 * @param top         null for every group (up to the configured maximum)
 * @param rawOnly     read raw events even where a roll-up could answer (to compare speed)
 */
public record AnalyticsQuery(List<Metric> metrics, List<Dimension> groupBy, Map<Dimension, List<String>> filters,
                             Granularity granularity, TimeRange range, List<String> compare, Integer top, Metric orderBy,
                             boolean ascending, boolean rawOnly, Format format) {

    /** Response formats. */
    public enum Format { JSON, CSV }

    /** Every dimension the query touches (grouped or filtered). */
    public Set<Dimension> dimensionsUsed() {
        Set<Dimension> used = EnumSet.noneOf(Dimension.class);
        used.addAll(groupBy);
        used.addAll(filters.keySet());
        return used;
    }

    /** The components the metrics (and the ordering) need. */
    public Set<Component> components() {
        Set<Component> out = new LinkedHashSet<>();
        for (Metric m : metrics) {
            out.addAll(m.components());
        }
        out.addAll(orderBy.components());
        return out;
    }
}
