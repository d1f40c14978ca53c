package cn.haikou.mediation.ui;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Haikou case histories for the wall's tests and soak, posted through the real ingest API: every
 * event kind, committees and mediators, recovered amounts, satisfaction, mass disputes (5+
 * parties), cases past their accept and close clocks, a repeat caller and a town spiking today.
 * Deterministic for a seed, so a failing screenshot can be reproduced.
 */
public final class WallData {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** District code, town: a few towns of each district, weighted towards the busy centre. */
    static final String[][] PLACES = {
            {"460106", "金贸街道"}, {"460106", "滨海街道"}, {"460106", "大同街道"}, {"460106", "城西镇"}, {"460106", "龙桥镇"},
            {"460108", "海甸街道"}, {"460108", "白龙街道"}, {"460108", "人民路街道"}, {"460108", "演丰镇"},
            {"460107", "府城街道"}, {"460107", "国兴街道"}, {"460107", "凤翔街道"}, {"460107", "云龙镇"},
            {"460105", "秀英街道"}, {"460105", "海秀街道"}, {"460105", "长流镇"}, {"460105", "石山镇"},
    };
    static final String[] TYPES = {"neighbour", "marriage_family", "labour", "traffic", "property_mgmt", "contract", "damages",
            "consumer", "housing", "tourism", "business", "medical", "other", "land_forest", "pollution", "land_acquisition"};
    static final String[] CHANNELS = {"phone", "phone", "phone", "wechat", "app", "police110", "web", "walk_in", "court", "grid"};
    static final String[] COMMITTEES = {"town", "town", "traffic", "labour", "property", "family", "consumer", "medical", "tourism"};
    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "吴", "林", "符", "周", "邢"};
    static final String[] MEDIATORS = {"调解员-符海", "调解员-王琼", "调解员-陈南", "调解员-林椰", "调解员-吴岛", "调解员-邢湾", "调解员-李澄"};

    private final Random random;
    private final java.util.ArrayDeque<LiveCase> live = new java.util.ArrayDeque<>();
    private final String prefix;
    private int caseNo;
    private int eventNo;

    public WallData(long seed, String prefix) {
        this.random = new Random(seed);
        this.prefix = prefix;
    }

    /**
     * A realistic picture at {@code now}: the last 8 days of cases (today busiest), their lifecycles
     * up to now, and the open, overdue and mass cases a hall watches.
     */
    public List<JsonObject> history(Instant now, int casesToday) {
        List<JsonObject> out = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        Instant dayStart = today.atStartOfDay(ZONE).toInstant();
        for (int daysAgo = 7; daysAgo >= 1; daysAgo--) {
            Instant from = today.minusDays(daysAgo).atStartOfDay(ZONE).toInstant();
            for (int i = 0; i < casesToday / 2; i++) {
                out.addAll(lifecycle(between(from, from.plus(Duration.ofDays(1))), now, place(), type(), 2));
            }
        }
        for (int i = 0; i < casesToday; i++) {
            out.addAll(lifecycle(between(dayStart, now.minus(Duration.ofMinutes(2))), now, place(), type(), 2));
        }
        // a town spiking today: labour disputes in 金贸街道 (wages unpaid at one site)
        for (int i = 0; i < 8; i++) {
            out.addAll(lifecycle(between(now.minus(Duration.ofHours(3)), now.minus(Duration.ofMinutes(1))), now,
                    new String[] {"460106", "金贸街道"}, "labour", 1));
        }
        out.addAll(concludedToday(dayStart, now));
        out.addAll(overdue(now));
        out.addAll(mass(now));
        out.addAll(repeatCaller(now));
        return out;
    }

    /** One received case with its events up to {@code now}, progressing by chance. */
    List<JsonObject> lifecycle(Instant received, Instant now, String[] place, String type, int parties) {
        String caseId = nextCase();
        JsonObject base = envelope(caseId, received, place, type, channel(), parties);
        List<JsonObject> out = new ArrayList<>();
        JsonObject first = event(base, "received", received).put("caller", caller());
        if (List.of("labour", "damages", "traffic", "contract", "consumer").contains(type)) {
            first.put("amountInvolved", new BigDecimal(2000 + random.nextInt(60_000)));
        }
        out.add(first);
        Instant t = received;
        double fate = random.nextDouble();
        String committee = COMMITTEES[random.nextInt(COMMITTEES.length)];
        String mediator = MEDIATORS[random.nextInt(MEDIATORS.length)];
        String[] steps = {"dispatched", "accepted", "assigned", "progress", "conclude", "followed_up", "archived"};
        long[] gapsMinutes = {5 + random.nextInt(15), 10 + random.nextInt(100), 20 + random.nextInt(120), 30 + random.nextInt(240),
                60 + random.nextInt(600), 30 + random.nextInt(240), 60 + random.nextInt(600)};
        for (int s = 0; s < steps.length; s++) {
            t = t.plus(Duration.ofMinutes(gapsMinutes[s]));
            if (t.isAfter(now.minusSeconds(30)) || (s >= 4 && fate < 0.25)) {
                break;
            }
            String kind = steps[s];
            JsonObject e;
            if ("conclude".equals(kind)) {
                if (fate < 0.33) {
                    out.add(event(base, "referred", t).put("outcome", "court"));
                    break;
                }
                boolean success = fate > 0.42;
                e = event(base, success ? "mediated" : "failed", t).put("committee", committee).put("mediator", mediator);
                if (success && first.containsKey("amountInvolved")) {
                    e.put("amountRecovered", first.getValue("amountInvolved"));
                }
            } else if ("followed_up".equals(kind)) {
                if (fate <= 0.42) {
                    break;
                }
                e = event(base, kind, t).put("satisfaction", 3 + random.nextInt(3));
            } else if ("assigned".equals(kind) || "progress".equals(kind)) {
                e = event(base, kind, t).put("committee", committee).put("mediator", mediator);
            } else {
                e = event(base, kind, t);
            }
            out.add(e);
        }
        return out;
    }

    /**
     * Cases received the evening before and concluded earlier today, so that today's closures and
     * success rate exist whatever the hour: just after midnight (when CI may run, 16:00 UTC) the
     * cases received today have not got that far. Nothing is added in the first two minutes of a day.
     */
    List<JsonObject> concludedToday(Instant dayStart, Instant now) {
        List<JsonObject> out = new ArrayList<>();
        Instant latest = now.minus(Duration.ofMinutes(1));
        if (!latest.isAfter(dayStart.plus(Duration.ofMinutes(1)))) {
            return out;
        }
        for (int i = 0; i < 6; i++) {
            Instant concluded = between(dayStart, latest);
            Instant r = concluded.minus(Duration.ofHours(6 + i));
            JsonObject base = envelope(nextCase(), r, place(), type(), channel(), 2);
            String mediator = MEDIATORS[i % MEDIATORS.length];
            out.add(event(base, "received", r).put("caller", caller()));
            out.add(event(base, "dispatched", r.plus(Duration.ofMinutes(8))));
            out.add(event(base, "accepted", r.plus(Duration.ofMinutes(40))));
            out.add(event(base, "assigned", r.plus(Duration.ofMinutes(90))).put("committee", "town").put("mediator", mediator));
            out.add(event(base, i == 5 ? "failed" : "mediated", concluded).put("committee", "town").put("mediator", mediator));
        }
        return out;
    }

    /** Cases past their clocks: not accepted within 2 h (yellow, orange) and not closed within 7/15 days (orange, red). */
    List<JsonObject> overdue(Instant now) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant r = now.minus(Duration.ofMinutes(150 + i * 40));
            JsonObject base = envelope(nextCase(), r, place(), type(), "phone", 1);
            out.add(event(base, "received", r).put("caller", caller()));
            out.add(event(base, "dispatched", r.plus(Duration.ofMinutes(10))));
        }
        for (int i = 0; i < 3; i++) {
            Instant r = now.minus(Duration.ofDays(1 + i)).minus(Duration.ofHours(5));
            JsonObject base = envelope(nextCase(), r, place(), "neighbour", "wechat", 2);
            out.add(event(base, "received", r).put("caller", caller()));
        }
        String[] types = {"labour", "consumer", "property_mgmt", "tourism"};
        for (int i = 0; i < types.length; i++) {
            Instant r = now.minus(Duration.ofDays(17 + i));
            JsonObject base = envelope(nextCase(), r, place(), types[i], "phone", 2);
            out.add(event(base, "received", r).put("caller", caller()));
            out.add(event(base, "accepted", r.plus(Duration.ofMinutes(40))));
            out.add(event(base, "assigned", r.plus(Duration.ofHours(3))).put("committee", "town").put("mediator", MEDIATORS[i]));
        }
        return out;
    }

    /** Open disputes with many parties: wage arrears at a building site, a property-fee dispute. */
    List<JsonObject> mass(Instant now) {
        List<JsonObject> out = new ArrayList<>();
        Object[][] cases = {
                {"460106", "城西镇", "labour", 26, "386000", Duration.ofHours(2)},
                {"460108", "海甸街道", "property_mgmt", 14, "52000", Duration.ofHours(5)},
                {"460107", "云龙镇", "land_forest", 9, "0", Duration.ofDays(3)},
        };
        for (Object[] c : cases) {
            Instant r = now.minus((Duration) c[5]);
            JsonObject base = envelope(nextCase(), r, new String[] {(String) c[0], (String) c[1]}, (String) c[2], "police110", (Integer) c[3]);
            JsonObject received = event(base, "received", r).put("caller", caller());
            if (!"0".equals(c[4])) {
                received.put("amountInvolved", new BigDecimal((String) c[4]));
            }
            out.add(received);
            out.add(event(base, "accepted", r.plus(Duration.ofMinutes(25))));
            out.add(event(base, "assigned", r.plus(Duration.ofMinutes(50))).put("committee", "labour").put("mediator", MEDIATORS[0]));
        }
        return out;
    }

    /** One caller with three cases in a week: the repeat-caller warning. */
    List<JsonObject> repeatCaller(Instant now) {
        List<JsonObject> out = new ArrayList<>();
        JsonObject caller = new JsonObject().put("name", "符明").put("phone", "13907561234");
        for (int i = 0; i < 3; i++) {
            Instant r = now.minus(Duration.ofDays(i * 2L)).minus(Duration.ofMinutes(30));
            JsonObject base = envelope(nextCase(), r, new String[] {"460107", "府城街道"}, "neighbour", "phone", 2);
            out.add(event(base, "received", r).put("caller", caller.copy()));
        }
        return out;
    }

    /** A fresh received case now, for the live-update test and the soak. */
    public JsonObject receivedNow(Instant now) {
        String[] place = place();
        return event(envelope(nextCase(), now, place, type(), channel(), 1 + random.nextInt(3)), "received", now).put("caller", caller());
    }

    /**
     * The next {@code size} events of a live stream at {@code now}: new cases, and cases received
     * earlier in the stream moving on (dispatched, accepted, assigned, concluded, followed up).
     * Keeps at most {@value #LIVE_CASES} cases in hand, so a long soak does not grow the driver.
     */
    public List<JsonObject> liveBatch(Instant now, int size) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (live.size() < 40 || random.nextDouble() < 0.5) {
                JsonObject received = receivedNow(now);
                out.add(received);
                if (live.size() >= LIVE_CASES) {
                    live.pollFirst();
                }
                live.addLast(new LiveCase(received.copy().put("caller", (Object) null), 0));
            } else {
                LiveCase c = live.pollFirst();
                String kind = LIVE_STEPS[c.step];
                JsonObject e = event(c.base, kind, now);
                e.remove("caller");
                switch (kind) {
                    case "assigned" -> e.put("committee", COMMITTEES[random.nextInt(COMMITTEES.length)])
                            .put("mediator", MEDIATORS[random.nextInt(MEDIATORS.length)]);
                    case "mediated" -> e.put("amountRecovered", new BigDecimal(500 + random.nextInt(20_000)));
                    case "followed_up" -> e.put("satisfaction", 3 + random.nextInt(3));
                    default -> { }
                }
                out.add(e);
                int next = switch (kind) {
                    case "assigned" -> random.nextInt(5) == 0 ? 4 : 3; // one case in five fails
                    case "mediated" -> 5;
                    case "failed", "followed_up" -> -1;
                    default -> c.step + 1;
                };
                if (next >= 0) {
                    live.addLast(new LiveCase(c.base, next));
                }
            }
        }
        return out;
    }

    static final int LIVE_CASES = 400;
    static final String[] LIVE_STEPS = {"dispatched", "accepted", "assigned", "mediated", "failed", "followed_up"};

    private record LiveCase(JsonObject base, int step) {
    }

    /** Posts {@code events} in NDJSON batches; fails if any is rejected. */
    public static void post(String baseUrl, List<JsonObject> events) {
        post(baseUrl, TestServer.INGEST_KEY, events);
    }

    public static void post(String baseUrl, String ingestKey, List<JsonObject> events) {
        for (int from = 0; from < events.size(); from += 2000) {
            List<JsonObject> batch = events.subList(from, Math.min(events.size(), from + 2000));
            Http.Response r = Http.postBatch(baseUrl, ingestKey, batch);
            JsonObject answer = new JsonObject(r.body());
            if (r.status() != 200 || answer.getInteger("rejected", 0) != 0) {
                throw new AssertionError("ingest refused events: " + r.status() + " " + r.body().substring(0, Math.min(2000, r.body().length())));
            }
        }
    }

    private JsonObject envelope(String caseId, Instant received, String[] place, String type, String channel, int parties) {
        return new JsonObject().put("caseId", caseId).put("receivedAt", received.truncatedTo(ChronoUnit.MILLIS).toString())
                .put("district", place[0]).put("town", place[1]).put("caseType", type).put("channel", channel).put("parties", parties);
    }

    private JsonObject event(JsonObject base, String kind, Instant at) {
        return base.copy().put("eventId", prefix + "-e" + (++eventNo)).put("kind", kind)
                .put("eventTime", at.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    private String nextCase() {
        return prefix + "-c" + (++caseNo);
    }

    private Instant between(Instant from, Instant to) {
        long span = Math.max(1, Duration.between(from, to).toMillis());
        return from.plusMillis((long) (random.nextDouble() * span));
    }

    private String[] place() {
        return PLACES[(int) Math.floor(Math.pow(random.nextDouble(), 1.4) * PLACES.length)];
    }

    private String type() {
        return TYPES[(int) Math.floor(Math.pow(random.nextDouble(), 1.8) * TYPES.length)];
    }

    private String channel() {
        return CHANNELS[random.nextInt(CHANNELS.length)];
    }

    private JsonObject caller() {
        String name = SURNAMES[random.nextInt(SURNAMES.length)] + (random.nextBoolean() ? "海" : "琼") + (random.nextBoolean() ? "生" : "梅");
        String phone = "13" + (100_000_000 + random.nextInt(899_999_999));
        return new JsonObject().put("name", name).put("phone", phone);
    }
}
