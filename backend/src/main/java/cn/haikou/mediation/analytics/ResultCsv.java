package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.Pack;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CSV form of a result, for Excel: UTF-8 with a byte-order mark (without it Excel reads the
 * Chinese as mojibake), a header row of Chinese column names, one row per group and bucket (or
 * per group without a granularity), codes replaced by the pack's names. Numbers are the JSON's.
 */
final class ResultCsv {

    /** Quotes only fields that need it (Jackson's default also quotes any field with a character below ','). */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final String BOM = "\uFEFF";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final Map<String, String> UNITS = Map.of("yuan", "元", "hours", "小时", "days", "天", "score", "分");
    private static final Map<String, String> COMPARISON_LABELS = Map.of(Comparison.PREVIOUS, "上期", Comparison.YEAR_ON_YEAR, "去年同期");
    private static final Map<String, String> CHANGE_LABELS = Map.of(Comparison.PREVIOUS, "环比", Comparison.YEAR_ON_YEAR, "同比");

    private ResultCsv() {
    }

    static String render(AnalyticsResult result, Pack pack) {
        AnalyticsQuery q = result.query();
        StringWriter out = new StringWriter();
        out.write(BOM);
        try (SequenceWriter w = CSV.writerFor(List.class).with(CsvSchema.emptySchema()).writeValues(out)) {
            w.write(header(result));
            for (AnalyticsResult.Series s : result.series()) {
                List<Object> labels = new ArrayList<>();
                for (int i = 0; i < q.groupBy().size(); i++) {
                    labels.add(text(q.groupBy().get(i).labelOf(pack, s.key().get(i))));
                }
                if (q.granularity() == null) {
                    w.write(row(rangeLabel(q.range()), labels, s.total(), result));
                } else {
                    for (int b = 0; b < result.buckets().size(); b++) {
                        w.write(row(bucketLabel(result.buckets().get(b), q.granularity()), labels, s.points().get(b), result));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<Object> header(AnalyticsResult result) {
        List<Object> header = new ArrayList<>();
        header.add("时间");
        result.query().groupBy().forEach(d -> header.add(d.label()));
        for (Metric m : result.query().metrics()) {
            String unit = UNITS.get(m.unit());
            header.add(unit == null ? m.label() : m.label() + "(" + unit + ")");
            for (Comparison c : result.comparisons()) {
                header.add(m.label() + COMPARISON_LABELS.get(c.name()));
                header.add(m.label() + CHANGE_LABELS.get(c.name()));
            }
        }
        return header;
    }

    private static List<Object> row(String time, List<Object> labels, AnalyticsResult.Cell cell, AnalyticsResult result) {
        List<Object> row = new ArrayList<>();
        row.add(time);
        row.addAll(labels);
        for (Metric m : result.query().metrics()) {
            Object value = CellValues.current(m, cell);
            row.add(number(value));
            for (Comparison c : result.comparisons()) {
                Object theirs = CellValues.compared(m, cell, c.name());
                row.add(number(theirs));
                row.add(number(CellValues.change(value, theirs)));
            }
        }
        return row;
    }

    private static String bucketLabel(ZonedDateTime start, Granularity granularity) {
        return granularity == Granularity.HOUR ? HOUR.format(start) : DAY.format(start);
    }

    private static String rangeLabel(TimeRange range) {
        return HOUR.format(range.from()) + " 至 " + HOUR.format(range.to());
    }

    /** Empty for undefined values (the CSV writer would drop a null column). */
    private static Object number(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value;
    }

    /**
     * Names come partly from event data (mediators): one starting with = + - @ would run as a
     * formula in Excel, so it is prefixed with an apostrophe, as Excel itself does.
     */
    private static String text(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
