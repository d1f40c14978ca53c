package cn.haikou.mediation.live;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Masking;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds each panel's payload from the in-memory roll-up and the latest case-state figures. Pure
 * functions of their inputs, so the correctness test can compare them with SQL directly.
 */
final class Panels {

    /** The windows a panel reports: today, the last 7 and the last 30 days (today included). */
    static final Map<String, Integer> WINDOWS = Map.of("today", 1, "7d", 7, "30d", 30);

    private final Pack pack;

    Panels(Pack pack) {
        this.pack = pack;
    }

    JsonObject kpi(DayBuckets b, LocalDate today, long[] receivedBefore, LiveQueries.CaseFigures cases) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Integer> w : WINDOWS.entrySet()) {
            out.put(w.getKey(), figures(b, today.minusDays(w.getValue() - 1L), today));
        }
        // receivedBefore holds the received events before the in-memory window (this month's,
        // this year's, all time), so that each total is that plus the window's part.
        LocalDate first = DayBuckets.firstDay(today);
        out.put("received", new JsonObject()
                .put("today", b.total(today, today, "received").events)
                .put("month", receivedBefore[0] + b.total(maxDate(today.withDayOfMonth(1), first), today, "received").events)
                .put("year", receivedBefore[1] + b.total(maxDate(today.withDayOfYear(1), first), today, "received").events)
                .put("total", receivedBefore[2] + b.total(first, today, "received").events));
        out.put("inProgress", cases.inProgress());
        out.put("overdue", cases.overdue());
        out.put("overdueByLevel", new JsonObject().put("red", cases.overdueRed()).put("orange", cases.overdueOrange())
                .put("yellow", cases.overdue() - cases.overdueRed() - cases.overdueOrange()));
        out.put("massOpen", cases.massOpen());
        out.put("casesAsOf", cases.asOf().toString());
        return out;
    }

    /** The indicators over [from, to], each defined as in the README's glossary. */
    JsonObject figures(DayBuckets b, LocalDate from, LocalDate to) {
        Sums received = b.total(from, to, "received");
        Sums accepted = b.total(from, to, "accepted");
        Sums mediated = b.total(from, to, "mediated");
        Sums failed = b.total(from, to, "failed");
        Sums followed = b.total(from, to, "followed_up");
        long closed = mediated.events + failed.events;
        return new JsonObject()
                .put("received", received.events)
                .put("closed", closed)
                .put("mediated", mediated.events)
                .put("failed", failed.events)
                .put("successRate", ratio(mediated.events, closed))
                .put("onTimeRate", ratio(mediated.onTime + failed.onTime, closed))
                .put("satisfactionRate", ratio(followed.satisfied, followed.events))
                .put("meanSatisfaction", ratio(followed.satisfactionSum, followed.events))
                .put("meanAcceptMinutes", accepted.events == 0 ? null : round(accepted.durationMs / 60000.0 / accepted.events, 2))
                .put("meanCloseDays", closed == 0 ? null : round((mediated.durationMs + failed.durationMs) / 86_400_000.0 / closed, 2))
                .put("amountInvolved", yuan(mediated.amountInvolvedFen + failed.amountInvolvedFen))
                .put("amountRecovered", yuan(mediated.amountRecoveredFen))
                .put("massDisputes", received.massEvents);
    }

    JsonObject types(DayBuckets b, LocalDate today) {
        return shares(b, today, RollupKey::caseType, pack.caseTypes());
    }

    JsonObject channels(DayBuckets b, LocalDate today) {
        return shares(b, today, RollupKey::channel, pack.channels());
    }

    JsonObject regions(DayBuckets b, LocalDate today) {
        Map<String, Map<String, long[]>> counts = new HashMap<>();
        int i = 0;
        for (int days : List.of(1, 7, 30)) {
            int slot = i++;
            b.forEach(today.minusDays(days - 1L), today, k -> k.kind().equals("received"), (k, s) ->
                    counts.computeIfAbsent(k.district(), d -> new HashMap<>()).computeIfAbsent(k.town(), t -> new long[3])[slot] += s.events);
        }
        JsonArray districts = new JsonArray();
        for (PackFile.District d : pack.districts()) {
            Map<String, long[]> towns = counts.getOrDefault(d.code(), Map.of());
            long[] total = new long[3];
            JsonArray townList = new JsonArray();
            List<String> names = new ArrayList<>(d.towns());
            names.sort(Comparator.comparingLong((String t) -> -towns.getOrDefault(t, new long[3])[0]).thenComparing(Function.identity()));
            for (String town : names) {
                long[] c = towns.getOrDefault(town, new long[3]);
                for (int j = 0; j < 3; j++) {
                    total[j] += c[j];
                }
                townList.add(new JsonObject().put("name", town).put("today", c[0]).put("7d", c[1]).put("30d", c[2]));
            }
            districts.add(new JsonObject().put("code", d.code()).put("name", d.name())
                    .put("today", total[0]).put("7d", total[1]).put("30d", total[2]).put("towns", townList));
        }
        return new JsonObject().put("districts", districts);
    }

    JsonObject trend(DayBuckets b, LocalDate today, int currentHour) {
        long[][] t = b.hours(today);
        long[][] y = b.hours(today.minusDays(1));
        return new JsonObject()
                .put("day", today.toString())
                .put("currentHour", currentHour)
                .put("receivedToday", array(t[0], currentHour + 1))
                .put("receivedYesterday", array(y[0], 24))
                .put("closedToday", array(t[1], currentHour + 1))
                .put("closedYesterday", array(y[1], 24));
    }

    JsonObject hotspots(DayBuckets b, LocalDate today) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Integer> w : Map.of("today", 1, "7d", 7).entrySet()) {
            Map<List<String>, Long> counts = new HashMap<>();
            b.forEach(today.minusDays(w.getValue() - 1L), today, k -> k.kind().equals("received"),
                    (k, s) -> counts.merge(List.of(k.district(), k.town(), k.caseType()), s.events, Long::sum));
            JsonArray items = new JsonArray();
            counts.entrySet().stream()
                    .sorted(Map.Entry.<List<String>, Long>comparingByValue().reversed().thenComparing(e -> String.join("|", e.getKey())))
                    .limit(10)
                    .forEach(e -> items.add(new JsonObject()
                            .put("district", e.getKey().get(0)).put("districtName", pack.districtName(e.getKey().get(0)))
                            .put("town", e.getKey().get(1))
                            .put("caseType", e.getKey().get(2)).put("typeName", pack.caseTypeName(e.getKey().get(2)))
                            .put("count", e.getValue())));
            out.put(w.getKey(), items);
        }
        return out;
    }

    JsonObject workload(LiveQueries.CaseFigures cases) {
        JsonArray committees = new JsonArray();
        cases.committees().forEach(o -> {
            JsonObject c = ((JsonObject) o).copy();
            committees.add(c.put("name", pack.committeeName(c.getString("committee"))));
        });
        return new JsonObject().put("asOf", cases.asOf().toString()).put("mediators", cases.mediators()).put("committees", committees);
    }

    JsonObject overdue(LiveQueries.CaseFigures cases) {
        return new JsonObject().put("asOf", cases.asOf().toString()).put("count", cases.overdue())
                .put("byLevel", new JsonObject().put("red", cases.overdueRed()).put("orange", cases.overdueOrange())
                        .put("yellow", cases.overdue() - cases.overdueRed() - cases.overdueOrange()))
                .put("items", named(cases.overdueCases()));
    }

    JsonObject mass(LiveQueries.CaseFigures cases) {
        JsonArray items = named(cases.massCases());
        items.forEach(o -> {
            JsonObject m = (JsonObject) o;
            m.put("statusLabel", EventKind.fromCode(m.getString("status", "")).map(EventKind::label).orElse(""));
            m.put("amountInvolved", new BigDecimal(m.getString("amount_involved", "0")));
            m.remove("amount_involved");
        });
        return new JsonObject().put("asOf", cases.asOf().toString()).put("count", cases.massOpen()).put("items", items);
    }

    /**
     * One feed line, masked for a public hall: no names, numbers or addresses in clear, no free text.
     * A line to read, not a record: names and no codes, and no case id (the event id keeps lines
     * apart; the case is in the analytics API). Every screen gets every line, so each field costs
     * bytes times screens: the codes and case id were a quarter of a line.
     */
    JsonObject feedItem(CaseEvent e) {
        return new JsonObject()
                .put("eventId", e.eventId())
                .put("kind", e.kind().code())
                .put("kindLabel", e.kind().label())
                .put("time", e.eventTime().toString())
                .put("districtName", pack.districtName(e.district()))
                .put("town", e.town())
                .put("typeName", pack.caseTypeName(e.caseType()))
                .put("channelName", pack.channelName(e.channel()))
                .put("parties", e.parties())
                .put("mass", e.isMass())
                .put("caller", Masking.name(e.caller().name()))
                .put("phone", Masking.phone(e.caller().phone()));
    }

    private JsonArray named(JsonArray rows) {
        JsonArray out = new JsonArray();
        rows.forEach(o -> {
            JsonObject r = ((JsonObject) o).copy();
            r.put("districtName", pack.districtName(r.getString("district", "")));
            r.put("typeName", pack.caseTypeName(r.getString("case_type", "")));
            out.add(r);
        });
        return out;
    }

    private JsonObject shares(DayBuckets b, LocalDate today, Function<RollupKey, String> dimension, List<PackFile.Entry> entries) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Integer> w : WINDOWS.entrySet()) {
            Map<String, Long> counts = new HashMap<>();
            b.forEach(today.minusDays(w.getValue() - 1L), today, k -> k.kind().equals("received"),
                    (k, s) -> counts.merge(dimension.apply(k), s.events, Long::sum));
            JsonArray items = new JsonArray();
            entries.stream()
                    .sorted(Comparator.comparingLong((PackFile.Entry e) -> -counts.getOrDefault(e.code(), 0L)).thenComparing(PackFile.Entry::code))
                    .forEach(e -> items.add(new JsonObject().put("code", e.code()).put("name", e.name())
                            .put("count", counts.getOrDefault(e.code(), 0L))));
            out.put(w.getKey(), items);
        }
        return out;
    }

    private static JsonArray array(long[] values, int length) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < Math.min(length, values.length); i++) {
            a.add(values[i]);
        }
        return a;
    }

    /** Rates go to screens with 4 decimals: every byte is sent to every screen several times a second. */
    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 4);
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static LocalDate maxDate(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
