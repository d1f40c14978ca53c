package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.Masking;
import cn.haikou.mediation.domain.Pack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The command hall's early warnings (预警), in the three levels the hall acts on: red (report at
 * once), orange (the same day), yellow (on the spot).
 *
 * <ul>
 *   <li>a town or a case type spiking: today's cases against the daily mean of the previous 7 days,
 *       scaled to the share of the day gone by; orange at 2x (and at least 5 cases), red at 3x;</li>
 *   <li>repeated complaints from one caller: 3 or more cases from one phone number in 7 days (orange);</li>
 *   <li>mass disputes (5 or more parties) received today and still open (red);</li>
 *   <li>overdue cases, by their level (see {@link LiveQueries}).</li>
 * </ul>
 */
final class EarlyWarnings {

    static final int MIN_SPIKE = 5;

    private final Pack pack;

    EarlyWarnings(Pack pack) {
        this.pack = pack;
    }

    JsonObject compute(DayBuckets b, LocalDate today, double dayElapsed, LiveQueries.CaseFigures cases, Instant todayStart) {
        List<JsonObject> items = new ArrayList<>();
        spikes(b, today, dayElapsed, k -> k.district() + "|" + k.town(), "town", items);
        spikes(b, today, dayElapsed, RollupKey::caseType, "type", items);
        cases.repeatCallers().forEach(o -> {
            JsonObject r = (JsonObject) o;
            String phone = Masking.phone(r.getString("caller_phone"));
            items.add(warning("repeat:" + phone, "orange", "repeat_caller",
                    "重复来电: " + phone,
                    "7日内 " + r.getLong("cases") + " 件, " + pack.districtName(r.getString("district")) + " " + r.getString("town"),
                    r.getString("last_at")));
        });
        cases.massCases().forEach(o -> {
            JsonObject m = (JsonObject) o;
            if (!Instant.parse(m.getString("received_at")).isBefore(todayStart)) {
                items.add(warning("mass:" + m.getString("case_id"), "red", "mass",
                        "群体性纠纷: " + pack.districtName(m.getString("district")) + " " + m.getString("town"),
                        pack.caseTypeName(m.getString("case_type")) + ", " + m.getLong("parties") + " 人", m.getString("received_at")));
            }
        });
        if (cases.overdueRed() > 0) {
            items.add(warning("overdue:red", "red", "overdue", "严重超期 " + cases.overdueRed() + " 件", "超期7天以上或群体性纠纷, 立即上报", null));
        }
        if (cases.overdueOrange() > 0) {
            items.add(warning("overdue:orange", "orange", "overdue", "超期 " + cases.overdueOrange() + " 件", "超期1天以上, 当日处置", null));
        }
        long yellow = cases.overdue() - cases.overdueRed() - cases.overdueOrange();
        if (yellow > 0) {
            items.add(warning("overdue:yellow", "yellow", "overdue", "即将/刚超期 " + yellow + " 件", "超期不足1天, 现场处置", null));
        }
        items.sort(Comparator.comparingInt((JsonObject w) -> levelRank(w.getString("level"))).thenComparing(w -> w.getString("id")));
        return new JsonObject().put("items", new JsonArray(new ArrayList<>(items)));
    }

    private void spikes(DayBuckets b, LocalDate today, double dayElapsed, Function<RollupKey, String> key, String what,
                        List<JsonObject> out) {
        Map<String, long[]> counts = new HashMap<>();
        for (int d = 0; d <= 7; d++) {
            LocalDate day = today.minusDays(d);
            int slot = d == 0 ? 0 : 1; // today, or one of the 7 days before
            b.forEach(day, day, k -> k.kind().equals("received"),
                    (k, s) -> counts.computeIfAbsent(key.apply(k), x -> new long[2])[slot] += s.events);
        }
        double elapsed = Math.max(0.25, Math.min(1.0, dayElapsed));
        counts.forEach((k, c) -> {
            double expected = c[1] / 7.0 * elapsed;
            if (c[0] < MIN_SPIKE || c[0] < 2 * expected + 2) {
                return;
            }
            String level = c[0] >= 3 * expected + 2 ? "red" : "orange";
            String label = "town".equals(what)
                    ? pack.districtName(k.substring(0, k.indexOf('|'))) + " " + k.substring(k.indexOf('|') + 1)
                    : pack.caseTypeName(k);
            out.add(warning("spike:" + what + ":" + k + ":" + today, level, "spike",
                    ("town".equals(what) ? "区域激增: " : "类型激增: ") + label,
                    String.format("今日 %d 件, 近7日同期均值 %.1f 件", c[0], expected), null));
        });
    }

    private static JsonObject warning(String id, String level, String kind, String title, String detail, String at) {
        JsonObject w = new JsonObject().put("id", id).put("level", level).put("kind", kind).put("title", title).put("detail", detail);
        if (at != null) {
            w.put("at", at);
        }
        return w;
    }

    private static int levelRank(String level) {
        return switch (level) {
            case "red" -> 0;
            case "orange" -> 1;
            default -> 2;
        };
    }
}
