package cn.haikou.mediation.analytics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which source answers a query: one for sums and counts, one for percentiles. Chosen once per
 * request so that the requested range and its comparison periods read the same tables.
 */
public record SourcePlan(Source sums, Source quantiles) {

    public static final SourcePlan RAW = new SourcePlan(Source.RAW, Source.RAW);

    /**
     * The minute roll-up for hourly series and ranges under two days; otherwise the compact day
     * roll-up when only district, case type and kind are involved, the full day roll-up when other
     * dimensions are; raw events when no roll-up can answer (bounds not on whole days or minutes,
     * or a pack zone whose days are not Shanghai's). Percentiles come from the duration samples
     * when they can answer, else from raw events.
     */
    public static SourcePlan choose(AnalyticsQuery query, List<Comparison> comparisons) {
        if (query.rawOnly()) {
            return RAW;
        }
        List<TimeRange> periods = new java.util.ArrayList<>();
        periods.add(query.range());
        comparisons.forEach(c -> periods.add(c.range()));
        Set<Dimension> used = query.dimensionsUsed();
        Granularity g = query.granularity();
        boolean minute = periods.stream().allMatch(r -> Source.MINUTE.answers(r, g, used));
        boolean dayType = periods.stream().allMatch(r -> Source.DAY_TYPE.answers(r, g, used));
        boolean day = periods.stream().allMatch(r -> Source.DAY.answers(r, g, used));
        boolean samples = periods.stream().allMatch(r -> Source.DURATIONS.answers(r, g, used));
        boolean shortRange = g == Granularity.HOUR || query.range().length().compareTo(Source.SHORT_RANGE) < 0;
        Source sums;
        if (minute && shortRange) {
            sums = Source.MINUTE;
        } else if (dayType) {
            sums = Source.DAY_TYPE;
        } else if (day) {
            sums = Source.DAY;
        } else {
            sums = minute ? Source.MINUTE : Source.RAW;
        }
        return new SourcePlan(sums, samples ? Source.DURATIONS : Source.RAW);
    }

    public Source sourceFor(Component c) {
        return c.type() == Component.Type.QUANTILES ? quantiles : sums;
    }

    /** The tables the components are read from, sums first. */
    public List<Source> used(Collection<Component> components) {
        Set<Source> out = new LinkedHashSet<>();
        components.stream().filter(c -> c.type() != Component.Type.QUANTILES).findAny().ifPresent(c -> out.add(sums));
        components.stream().filter(c -> c.type() == Component.Type.QUANTILES).findAny().ifPresent(c -> out.add(quantiles));
        return List.copyOf(out);
    }
}
