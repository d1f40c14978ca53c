package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.Pack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the query string of {@code GET /api/v1/analytics/query} into an {@link AnalyticsQuery}, or
 * refuses it naming the first offending parameter. Names (metrics, dimensions, granularity, ...)
 * must be one of the constants; values are checked against the pack; sizes against the limits.
 */
public final class QueryParser {

    static final String FILTER_PREFIX = "filter.";
    private static final Set<String> PARAMETERS = Set.of("metrics", "groupBy", "granularity", "range", "from", "to",
            "compare", "top", "orderBy", "order", "source", "format");
    private static final int MAX_GROUP_BY = 2;
    private static final int MAX_FILTER_VALUES = 1000;
    private static final int MAX_VALUE_LENGTH = 200;

    private final Pack pack;
    private final TimeRanges ranges;
    private final AppConfig.Analytics limits;

    public QueryParser(Pack pack, TimeRanges ranges, AppConfig.Analytics limits) {
        this.pack = pack;
        this.ranges = ranges;
        this.limits = limits;
    }

    /**
     * @param params query parameters, each name with all its values
     * @param accept the request's Accept header (for CSV without {@code format=csv}), may be null
     */
    public AnalyticsQuery parse(Map<String, List<String>> params, String accept) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name) && !isFilter(name)) {
                throw new InvalidQueryException(name.length() > 64 ? name.substring(0, 64) : name, "unknown_parameter",
                        "unknown parameter; known: " + String.join(", ", PARAMETERS) + ", filter.<dimension>");
            }
        }
        List<Metric> metrics = names(params, "metrics", Metric::fromCode, "metric", Metric.values().length);
        if (metrics.isEmpty()) {
            throw new InvalidQueryException("metrics", "required", "name at least one metric, e.g. metrics=received,successRate");
        }
        List<Dimension> groupBy = names(params, "groupBy", Dimension::fromCode, "dimension", MAX_GROUP_BY);
        Map<Dimension, List<String>> filters = filters(params);
        Granularity granularity = single(params, "granularity") == null ? null : Granularity.fromCode(single(params, "granularity"))
                .orElseThrow(() -> new InvalidQueryException("granularity", "unknown_granularity",
                        "granularity must be hour, day, week or month (or absent for totals)"));
        TimeRange range = range(params);
        checkSize(range, granularity);
        List<String> compare = compare(params);
        Integer top = top(params);
        Metric orderBy = single(params, "orderBy") == null ? metrics.get(0) : Metric.fromCode(single(params, "orderBy"))
                .orElseThrow(() -> new InvalidQueryException("orderBy", "unknown_metric", "orderBy must be a metric name"));
        boolean ascending = choice(params, "order", "desc", "asc", "desc").equals("asc");
        boolean raw = choice(params, "source", "auto", "auto", "raw").equals("raw");
        AnalyticsQuery.Format format = format(params, accept);
        return new AnalyticsQuery(metrics, groupBy, filters, granularity, range, compare, top, orderBy, ascending, raw, format);
    }

    private static boolean isFilter(String name) {
        return name.startsWith(FILTER_PREFIX) && Dimension.fromCode(name.substring(FILTER_PREFIX.length())).isPresent();
    }

    private TimeRange range(Map<String, List<String>> params) {
        String relative = single(params, "range");
        String from = single(params, "from");
        String to = single(params, "to");
        TimeRange range;
        if (relative != null) {
            if (from != null || to != null) {
                throw new InvalidQueryException("range", "conflict", "give either range or from and to, not both");
            }
            range = ranges.relative(relative);
        } else if (from == null && to == null) {
            throw new InvalidQueryException("range", "required",
                    "give range (" + String.join(", ", TimeRanges.RELATIVE) + ") or from and to");
        } else {
            range = ranges.between(from, to);
        }
        // An hour of slack for a daylight-saving change inside the range.
        if (range.length().toHours() > limits.maxRangeDays() * 24L + 1) {
            throw new InvalidQueryException(relative != null ? "range" : "to", "range_too_long",
                    "a query may cover at most " + limits.maxRangeDays() + " days");
        }
        return range;
    }

    private static void checkSize(TimeRange range, Granularity granularity) {
        if (granularity != null && granularity.count(range, granularity.maxBuckets()) > granularity.maxBuckets()) {
            throw new InvalidQueryException("granularity", "too_many_buckets", "at most " + granularity.maxBuckets() + " "
                    + granularity.code() + " buckets per query" + (granularity == Granularity.HOUR
                    ? " (hourly series cover at most 31 days)" : "") + "; choose a coarser granularity or a shorter range");
        }
    }

    private Map<Dimension, List<String>> filters(Map<String, List<String>> params) {
        Map<Dimension, List<String>> filters = new EnumMap<>(Dimension.class);
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (!isFilter(p.getKey())) {
                continue;
            }
            Dimension d = Dimension.fromCode(p.getKey().substring(FILTER_PREFIX.length())).orElseThrow();
            Set<String> values = new LinkedHashSet<>();
            for (String raw : p.getValue()) {
                for (String v : raw.split(",", -1)) {
                    values.add(filterValue(p.getKey(), d, v.strip()));
                }
            }
            if (values.size() > MAX_FILTER_VALUES) {
                throw new InvalidQueryException(p.getKey(), "too_many_values", "at most " + MAX_FILTER_VALUES + " values per filter");
            }
            filters.put(d, List.copyOf(values));
        }
        return filters;
    }

    private String filterValue(String field, Dimension d, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidQueryException(field, "too_long", "filter values are at most " + MAX_VALUE_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidQueryException(field, "control_character", "filter values may not contain control characters");
        }
        if (!d.accepts(pack, value)) {
            throw new InvalidQueryException(field, "unknown_value", "'" + value + "' is not a " + d.code()
                    + " of pack " + pack.id() + " (see /api/v1/analytics/dimensions)");
        }
        return value;
    }

    private static List<String> compare(Map<String, List<String>> params) {
        String text = single(params, "compare");
        if (text == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String c : text.split(",", -1)) {
            if (!c.equals(Comparison.PREVIOUS) && !c.equals(Comparison.YEAR_ON_YEAR)) {
                throw new InvalidQueryException("compare", "unknown_comparison", "compare takes previous and/or yoy");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    private Integer top(Map<String, List<String>> params) {
        String text = single(params, "top");
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw new InvalidQueryException("top", "invalid_number", "top must be a whole number from 1 to " + limits.maxGroups());
        }
        int top = Integer.parseInt(text);
        if (top < 1 || top > limits.maxGroups()) {
            throw new InvalidQueryException("top", "out_of_range", "top must be from 1 to " + limits.maxGroups());
        }
        return top;
    }

    private static AnalyticsQuery.Format format(Map<String, List<String>> params, String accept) {
        String text = single(params, "format");
        if (text == null) {
            boolean csv = accept != null && Arrays.stream(accept.split(","))
                    .map(a -> a.split(";", 2)[0].trim()).anyMatch("text/csv"::equalsIgnoreCase);
            return csv ? AnalyticsQuery.Format.CSV : AnalyticsQuery.Format.JSON;
        }
        return switch (text) {
            case "json" -> AnalyticsQuery.Format.JSON;
            case "csv" -> AnalyticsQuery.Format.CSV;
            default -> throw new InvalidQueryException("format", "unknown_format", "format must be json or csv");
        };
    }

    private static String choice(Map<String, List<String>> params, String name, String absent, String... allowed) {
        String text = single(params, name);
        if (text == null) {
            return absent;
        }
        if (!Arrays.asList(allowed).contains(text)) {
            throw new InvalidQueryException(name, "invalid_value", name + " must be one of " + String.join(", ", allowed));
        }
        return text;
    }

    private static <T> List<T> names(Map<String, List<String>> params, String field, Function<String, java.util.Optional<T>> lookup,
                                     String what, int max) {
        String text = single(params, field);
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Set<T> out = new LinkedHashSet<>();
        for (String name : text.split(",", -1)) {
            out.add(lookup.apply(name.strip()).orElseThrow(() -> new InvalidQueryException(field, "unknown_" + what,
                    "unknown " + what + " '" + abbreviate(name) + "'")));
        }
        if (out.size() > max) {
            throw new InvalidQueryException(field, "too_many", "at most " + max + " " + what + "s in " + field);
        }
        return new ArrayList<>(out);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidQueryException(name, "repeated", name + " may be given once");
        }
        return values.get(0);
    }

    /** Echoes a bad name safely: short, without control characters. */
    private static String abbreviate(String text) {
        String clean = text.chars().filter(c -> c >= 0x20).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
