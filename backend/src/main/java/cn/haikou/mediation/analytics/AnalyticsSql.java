package cn.haikou.mediation.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the statements of one analytics request. The SQL text is assembled only from constants
 * of this package (table, column, aggregate and ordering fragments chosen by enum); every value
 * from the request (times, zone, filter values, group keys, limits) travels as a bound
 * {@code {name:Type}} parameter.
 */
final class AnalyticsSql {

    /** Result columns besides the component aliases. */
    static final String BUCKET = "b";
    static final List<String> GROUP_COLUMNS = List.of("g1", "g2");

    private AnalyticsSql() {
    }

    /** A statement and its parameters. */
    record Statement(String sql, Map<String, Object> params) {
    }

    /** Rank groups by a metric and keep the first {@code limit}. */
    record Ranking(Metric metric, boolean ascending, int limit) {
    }

    /**
     * @param components what to compute (all available in {@code source})
     * @param granularity null for one row per group over the whole range
     * @param groups      restrict to these group keys (values in groupBy order), or null for all
     * @param ranking     order and limit groups, or null
     */
    static Statement select(Source source, Collection<Component> components, AnalyticsQuery query, TimeRange range,
                            Granularity granularity, List<List<String>> groups, Ranking ranking) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        if (granularity != null) {
            select.add(bucket(source, granularity, range, params) + " AS " + BUCKET);
            groupBy.add(BUCKET);
        }
        List<Dimension> dims = query.groupBy();
        for (int i = 0; i < dims.size(); i++) {
            select.add(dims.get(i).column() + " AS " + GROUP_COLUMNS.get(i));
            groupBy.add(GROUP_COLUMNS.get(i));
        }
        for (Component c : components) {
            select.add(c.sql(source) + " AS " + c.alias());
        }

        List<String> where = new ArrayList<>();
        timeBounds(source, range, where, params);
        String kinds = kindsRead(components);
        if (kinds != null) {
            where.add("kind IN (" + kinds + ")");
        }
        query.filters().forEach((d, values) -> {
            String name = "f_" + d.column();
            where.add(d.column() + " IN {" + name + ":Array(String)}");
            params.put(name, values);
        });
        if (groups != null) {
            where.add(groupRestriction(dims, groups, params));
        }

        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
                .append(" FROM ").append(source.table())
                .append(" WHERE ").append(String.join(" AND ", where));
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        if (ranking != null) {
            sql.append(" ORDER BY ").append(ranking.metric().orderSql()).append(ranking.ascending() ? " ASC" : " DESC")
                    .append(" NULLS LAST");
            for (int i = 0; i < dims.size(); i++) {
                sql.append(", ").append(GROUP_COLUMNS.get(i));
            }
            sql.append(" LIMIT {limit:UInt32}");
            params.put("limit", ranking.limit());
        }
        return new Statement(sql.toString(), params);
    }

    /** The mediators seen (sql/V002 mediators_seen), for the dimensions endpoint. */
    static Statement mediators(int limit) {
        return new Statement("SELECT mediator, sum(events) AS events, max(last_seen) AS last_seen FROM mediators_seen"
                + " GROUP BY mediator ORDER BY mediator LIMIT {limit:UInt32}", Map.of("limit", limit));
    }

    private static String bucket(Source source, Granularity granularity, TimeRange range, Map<String, Object> params) {
        if (source.daily()) {
            return switch (granularity) {
                case DAY -> "day";
                case WEEK -> "toMonday(day)";
                case MONTH -> "toStartOfMonth(day)";
                case HOUR -> throw new IllegalArgumentException(source.table() + " has no hours");
            };
        }
        params.put("tz", range.zone().getId());
        String t = source.timeColumn();
        return switch (granularity) {
            case HOUR -> "toUnixTimestamp(toStartOfHour(" + t + ", {tz:String}))";
            case DAY -> "toDate(" + t + ", {tz:String})";
            case WEEK -> "toMonday(toDate(" + t + ", {tz:String}))";
            case MONTH -> "toStartOfMonth(toDate(" + t + ", {tz:String}))";
        };
    }

    private static void timeBounds(Source source, TimeRange range, List<String> where, Map<String, Object> params) {
        if (source.daily()) {
            where.add("day >= {from_day:Date} AND day < {to_day:Date}");
            params.put("from_day", range.from().toLocalDate());
            params.put("to_day", range.to().toLocalDate());
        } else {
            String t = source.timeColumn();
            where.add(t + " >= {from:DateTime64(3, 'UTC')} AND " + t + " < {to:DateTime64(3, 'UTC')}");
            params.put("from", range.fromInstant());
            params.put("to", range.toInstant());
        }
    }

    /** The kinds the components read, as a constant SQL list; null when one of them reads every kind. */
    private static String kindsRead(Collection<Component> components) {
        Set<String> kinds = new TreeSet<>();
        for (Component c : components) {
            if (c.kinds() == null) {
                return null;
            }
            kinds.addAll(c.kinds());
        }
        return kinds.stream().map(k -> "'" + k + "'").reduce((a, b) -> a + ", " + b).orElse("''");
    }

    private static String groupRestriction(List<Dimension> dims, List<List<String>> groups, Map<String, Object> params) {
        for (int i = 0; i < dims.size(); i++) {
            List<String> values = new ArrayList<>(groups.size());
            for (List<String> g : groups) {
                values.add(g.get(i));
            }
            params.put("grp" + (i + 1), values);
        }
        if (dims.size() == 1) {
            return dims.get(0).column() + " IN {grp1:Array(String)}";
        }
        return "(" + dims.get(0).column() + ", " + dims.get(1).column()
                + ") IN (SELECT arrayJoin(arrayZip({grp1:Array(String)}, {grp2:Array(String)})))";
    }
}
