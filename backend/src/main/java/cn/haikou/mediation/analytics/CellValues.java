package cn.haikou.mediation.analytics;

import java.math.BigDecimal;

/** Metric values of a result cell and their change against a comparison period. */
final class CellValues {

    private CellValues() {
    }

    static Object current(Metric metric, AnalyticsResult.Cell cell) {
        return metric.value(cell.current());
    }

    /** The comparison period's value, or null when the bucket has no counterpart there. */
    static Object compared(Metric metric, AnalyticsResult.Cell cell, String comparison) {
        Aggregates theirs = cell.compared().get(comparison);
        return theirs == null ? null : metric.value(theirs);
    }

    /** (current - compared) / compared; null when either is undefined or the compared value is zero. */
    static Double change(Object current, Object compared) {
        if (current == null || compared == null) {
            return null;
        }
        double base = number(compared);
        return base == 0 ? null : (number(current) - base) / base;
    }

    private static double number(Object value) {
        return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
    }
}
