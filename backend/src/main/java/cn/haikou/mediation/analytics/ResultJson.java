package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.Pack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON form of a result, shaped for charts: {@code buckets} is the x axis (ISO times in the
 * pack zone) and each series carries, per metric, arrays aligned with it ({@code value},
 * {@code previous}, {@code previousChange}, {@code yoy}, {@code yoyChange}) plus the same figures
 * for the whole range under {@code total}.
 */
final class ResultJson {

    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private ResultJson() {
    }

    static JsonObject render(AnalyticsResult result, Pack pack) {
        AnalyticsQuery q = result.query();
        JsonObject json = new JsonObject()
                .put("zone", q.range().zone().getId())
                .put("range", range(q.range()))
                .put("granularity", q.granularity() == null ? null : q.granularity().code())
                .put("source", result.sources().get(0).table())
                .put("sources", new JsonArray(result.sources().stream().map(Source::table).toList()))
                .put("groupBy", new JsonArray(q.groupBy().stream().map(Dimension::code).toList()));
        JsonArray metrics = new JsonArray();
        for (Metric m : q.metrics()) {
            metrics.add(new JsonObject().put("name", m.code()).put("label", m.label()).put("unit", m.unit()));
        }
        json.put("metrics", metrics);
        JsonArray comparisons = new JsonArray();
        for (Comparison c : result.comparisons()) {
            comparisons.add(range(c.range()).put("name", c.name()));
        }
        json.put("comparisons", comparisons);
        JsonArray buckets = new JsonArray();
        for (ZonedDateTime b : result.buckets()) {
            buckets.add(TIME.format(b));
        }
        json.put("buckets", buckets);
        JsonArray series = new JsonArray();
        for (AnalyticsResult.Series s : result.series()) {
            series.add(series(s, result, pack));
        }
        return json.put("series", series);
    }

    private static JsonObject series(AnalyticsResult.Series s, AnalyticsResult result, Pack pack) {
        AnalyticsQuery q = result.query();
        JsonObject key = new JsonObject();
        JsonObject labels = new JsonObject();
        for (int i = 0; i < q.groupBy().size(); i++) {
            Dimension d = q.groupBy().get(i);
            key.put(d.code(), s.key().get(i));
            labels.put(d.code(), d.labelOf(pack, s.key().get(i)));
        }
        JsonObject total = new JsonObject();
        JsonObject points = new JsonObject();
        for (Metric m : q.metrics()) {
            total.put(m.code(), cell(m, s.total(), result.comparisons()));
            if (q.granularity() != null) {
                points.put(m.code(), points(m, s.points(), result.comparisons()));
            }
        }
        JsonObject json = new JsonObject().put("key", key).put("labels", labels).put("name", seriesName(s, q, pack))
                .put("total", total);
        if (q.granularity() != null) {
            json.put("points", points);
        }
        return json;
    }

    /** The series' display name: its labels joined with " / ", or 合计 without groupBy. */
    static String seriesName(AnalyticsResult.Series s, AnalyticsQuery q, Pack pack) {
        if (q.groupBy().isEmpty()) {
            return "合计";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < q.groupBy().size(); i++) {
            if (i > 0) {
                sb.append(" / ");
            }
            sb.append(q.groupBy().get(i).labelOf(pack, s.key().get(i)));
        }
        return sb.toString();
    }

    private static JsonObject cell(Metric m, AnalyticsResult.Cell cell, List<Comparison> comparisons) {
        Object value = CellValues.current(m, cell);
        JsonObject json = new JsonObject().put("value", value);
        for (Comparison c : comparisons) {
            Object theirs = CellValues.compared(m, cell, c.name());
            json.put(c.name(), theirs).put(c.name() + "Change", CellValues.change(value, theirs));
        }
        return json;
    }

    private static JsonObject points(Metric m, List<AnalyticsResult.Cell> cells, List<Comparison> comparisons) {
        JsonArray values = new JsonArray();
        JsonObject json = new JsonObject().put("value", values);
        for (Comparison c : comparisons) {
            json.put(c.name(), new JsonArray()).put(c.name() + "Change", new JsonArray());
        }
        for (AnalyticsResult.Cell cell : cells) {
            Object value = CellValues.current(m, cell);
            values.add(value);
            for (Comparison c : comparisons) {
                Object theirs = CellValues.compared(m, cell, c.name());
                json.getJsonArray(c.name()).add(theirs);
                json.getJsonArray(c.name() + "Change").add(CellValues.change(value, theirs));
            }
        }
        return json;
    }

    private static JsonObject range(TimeRange r) {
        return new JsonObject().put("from", TIME.format(r.from())).put("to", TIME.format(r.to()));
    }
}
