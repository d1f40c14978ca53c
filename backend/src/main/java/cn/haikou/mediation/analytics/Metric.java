package cn.haikou.mediation.analytics;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static cn.haikou.mediation.analytics.Component.ACCEPTED;
import static cn.haikou.mediation.analytics.Component.ACCEPT_MS;
import static cn.haikou.mediation.analytics.Component.ACCEPT_QUANTILES;
import static cn.haikou.mediation.analytics.Component.AMOUNT_INVOLVED;
import static cn.haikou.mediation.analytics.Component.AMOUNT_RECOVERED;
import static cn.haikou.mediation.analytics.Component.CLOSE_MS;
import static cn.haikou.mediation.analytics.Component.CLOSE_QUANTILES;
import static cn.haikou.mediation.analytics.Component.EVENTS;
import static cn.haikou.mediation.analytics.Component.FAILED;
import static cn.haikou.mediation.analytics.Component.FOLLOWED_UP;
import static cn.haikou.mediation.analytics.Component.MASS;
import static cn.haikou.mediation.analytics.Component.MEDIATED;
import static cn.haikou.mediation.analytics.Component.ON_TIME;
import static cn.haikou.mediation.analytics.Component.RECEIVED;
import static cn.haikou.mediation.analytics.Component.SATISFACTION_SUM;
import static cn.haikou.mediation.analytics.Component.SATISFIED;

/**
 * The figures the API computes. Each is defined on events of particular kinds, counted in the
 * bucket of the event's own time: cases received by their receipt, closures by their conclusion.
 * A metric names the {@link Component}s it needs, how its value follows from them, and the same
 * formula in SQL over the component aliases (for ordering top-N lists in the database).
 */
public enum Metric {
    EVENTS_COUNT("events", "事件数", "count", List.of(EVENTS), a -> a.count(EVENTS), "c_events"),
    RECEIVED_COUNT("received", "受理量", "count", List.of(RECEIVED), a -> a.count(RECEIVED), "c_received"),
    ACCEPTED_COUNT("accepted", "接单量", "count", List.of(ACCEPTED), a -> a.count(ACCEPTED), "c_accepted"),
    CLOSED("closed", "办结量", "count", List.of(MEDIATED, FAILED), a -> a.count(MEDIATED) + a.count(FAILED),
            "(c_mediated + c_failed)"),
    MEDIATED_COUNT("mediated", "调解成功数", "count", List.of(MEDIATED), a -> a.count(MEDIATED), "c_mediated"),
    FAILED_COUNT("failed", "调解终止数", "count", List.of(FAILED), a -> a.count(FAILED), "c_failed"),
    SUCCESS_RATE("successRate", "调解成功率", "ratio", List.of(MEDIATED, FAILED),
            a -> ratio(a.count(MEDIATED), a.count(MEDIATED) + a.count(FAILED)), "c_mediated / nullIf(c_mediated + c_failed, 0)"),
    ON_TIME_RATE("onTimeRate", "按时办结率", "ratio", List.of(ON_TIME, MEDIATED, FAILED),
            a -> ratio(a.count(ON_TIME), a.count(MEDIATED) + a.count(FAILED)), "c_on_time / nullIf(c_mediated + c_failed, 0)"),
    FOLLOWED_UP_COUNT("followedUp", "回访量", "count", List.of(FOLLOWED_UP), a -> a.count(FOLLOWED_UP), "c_followed_up"),
    SATISFACTION("satisfaction", "平均满意度", "score", List.of(SATISFACTION_SUM, FOLLOWED_UP),
            a -> ratio(a.count(SATISFACTION_SUM), a.count(FOLLOWED_UP)), "c_satisfaction_sum / nullIf(c_followed_up, 0)"),
    SATISFIED_RATE("satisfiedRate", "满意率", "ratio", List.of(SATISFIED, FOLLOWED_UP),
            a -> ratio(a.count(SATISFIED), a.count(FOLLOWED_UP)), "c_satisfied / nullIf(c_followed_up, 0)"),
    AMOUNT_INVOLVED_SUM("amountInvolved", "涉及金额", "yuan", List.of(AMOUNT_INVOLVED), a -> a.decimal(AMOUNT_INVOLVED),
            "toDecimal128(c_amount_involved, 2)"),
    AMOUNT_RECOVERED_SUM("amountRecovered", "挽回金额", "yuan", List.of(AMOUNT_RECOVERED), a -> a.decimal(AMOUNT_RECOVERED),
            "toDecimal128(c_amount_recovered, 2)"),
    MASS_DISPUTES("massDisputes", "群体性纠纷", "count", List.of(MASS), a -> a.count(MASS), "c_mass"),
    ACCEPT_TIME_MEAN("acceptTimeMean", "平均接单时长", "hours", List.of(ACCEPT_MS, ACCEPTED),
            a -> mean(a.count(ACCEPT_MS), a.count(ACCEPTED), Unit.HOUR_MS), "c_accept_ms / nullIf(c_accepted, 0) / 3600000"),
    ACCEPT_TIME_P50("acceptTimeP50", "接单时长P50", "hours", List.of(ACCEPT_QUANTILES, ACCEPTED),
            a -> quantile(a, ACCEPT_QUANTILES, ACCEPTED, 0, Unit.HOUR_MS), quantileSql("accept", "accepted", 1, Unit.HOUR_MS)),
    ACCEPT_TIME_P90("acceptTimeP90", "接单时长P90", "hours", List.of(ACCEPT_QUANTILES, ACCEPTED),
            a -> quantile(a, ACCEPT_QUANTILES, ACCEPTED, 1, Unit.HOUR_MS), quantileSql("accept", "accepted", 2, Unit.HOUR_MS)),
    ACCEPT_TIME_P99("acceptTimeP99", "接单时长P99", "hours", List.of(ACCEPT_QUANTILES, ACCEPTED),
            a -> quantile(a, ACCEPT_QUANTILES, ACCEPTED, 2, Unit.HOUR_MS), quantileSql("accept", "accepted", 3, Unit.HOUR_MS)),
    CLOSE_TIME_MEAN("closeTimeMean", "平均办结时长", "days", List.of(CLOSE_MS, MEDIATED, FAILED),
            a -> mean(a.count(CLOSE_MS), a.count(MEDIATED) + a.count(FAILED), Unit.DAY_MS),
            "c_close_ms / nullIf(c_mediated + c_failed, 0) / 86400000"),
    CLOSE_TIME_P50("closeTimeP50", "办结时长P50", "days", List.of(CLOSE_QUANTILES, MEDIATED, FAILED),
            a -> closeQuantile(a, 0), closeQuantileSql(1)),
    CLOSE_TIME_P90("closeTimeP90", "办结时长P90", "days", List.of(CLOSE_QUANTILES, MEDIATED, FAILED),
            a -> closeQuantile(a, 1), closeQuantileSql(2)),
    CLOSE_TIME_P99("closeTimeP99", "办结时长P99", "days", List.of(CLOSE_QUANTILES, MEDIATED, FAILED),
            a -> closeQuantile(a, 2), closeQuantileSql(3));

    private final String code;
    private final String label;
    private final String unit;
    private final List<Component> components;
    private final Function<Aggregates, Object> value;
    private final String orderSql;

    Metric(String code, String label, String unit, List<Component> components, Function<Aggregates, Object> value,
           String orderSql) {
        this.code = code;
        this.label = label;
        this.unit = unit;
        this.components = components;
        this.value = value;
        this.orderSql = orderSql;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** count, ratio (0..1), score (1..5), yuan, hours or days. */
    public String unit() {
        return unit;
    }

    public List<Component> components() {
        return components;
    }

    /** The value for one cell: a Long, Double or BigDecimal, or null when undefined (no denominator). */
    public Object value(Aggregates a) {
        return value.apply(a);
    }

    /** The metric as SQL over the component aliases (a constant of this class, never request text). */
    public String orderSql() {
        return orderSql;
    }

    /** Whether the metric is a percentile (its components come from a source of their own). */
    public boolean percentile() {
        return components.stream().anyMatch(c -> c.type() == Component.Type.QUANTILES);
    }

    public static Optional<Metric> fromCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static Double mean(long sumMs, long n, double unitMs) {
        return n == 0 ? null : (double) sumMs / n / unitMs;
    }

    private static Double quantile(Aggregates a, Component quantiles, Component count, int index, double unitMs) {
        double[] q = a.quantiles(quantiles);
        return q == null || a.count(count) == 0 ? null : q[index] / unitMs;
    }

    private static Double closeQuantile(Aggregates a, int index) {
        double[] q = a.quantiles(CLOSE_QUANTILES);
        return q == null || a.count(MEDIATED) + a.count(FAILED) == 0 ? null : q[index] / Unit.DAY_MS;
    }

    private static String quantileSql(String what, String countAlias, int position, double unitMs) {
        return "if(c_" + countAlias + " = 0, NULL, c_" + what + "_quantiles[" + position + "] / " + (long) unitMs + ")";
    }

    private static String closeQuantileSql(int position) {
        return "if(c_mediated + c_failed = 0, NULL, c_close_quantiles[" + position + "] / " + (long) Unit.DAY_MS + ")";
    }

    private static final class Unit {
        static final double HOUR_MS = 3_600_000d;
        static final double DAY_MS = 86_400_000d;
    }
}
