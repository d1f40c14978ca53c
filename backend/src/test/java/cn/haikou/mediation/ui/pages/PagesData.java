package cn.haikou.mediation.ui.pages;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Haikou mediation cases over the last ~23 months for the analyst pages' tests, each a lifecycle
 * (received, dispatched, accepted, assigned, mediated or failed or still open, followed up), so
 * that this year, last year, the last 30 days and today all have figures and every month of this
 * year has a 同比 base.
 * Deterministic for a seed; posted through the real ingest API.
 */
final class PagesData {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int HISTORY_DAYS = 700;

    private static final String[][] PLACES = {
            {"460106", "金贸街道"}, {"460106", "滨海街道"}, {"460106", "城西镇"}, {"460108", "海甸街道"}, {"460108", "白龙街道"},
            {"460108", "演丰镇"}, {"460107", "府城街道"}, {"460107", "云龙镇"}, {"460105", "秀英街道"}, {"460105", "长流镇"},
    };
    private static final String[] TYPES = {"neighbour", "labour", "marriage_family", "traffic", "property_mgmt", "contract",
            "damages", "consumer", "housing", "tourism", "medical", "other"};
    private static final String[] CHANNELS = {"phone", "phone", "phone", "wechat", "app", "police110", "web", "walk_in"};
    private static final String[] COMMITTEES = {"town", "town", "traffic", "labour", "property", "family", "consumer"};
    private static final String[] MEDIATORS = {"王芳", "李明", "张伟", "陈静", "符海", "林椰"};
    private static final List<String> MONEY_TYPES = List.of("labour", "traffic", "damages", "contract", "consumer");

    private final Random random;
    private final Instant now;
    private final List<JsonObject> events = new ArrayList<>();
    private int cases;

    private PagesData(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    /** {@code spread} cases over the whole history, {@code recent} in the last 45 days, a few today. */
    static List<JsonObject> generate(long seed, Instant now, int spread, int recent) {
        PagesData d = new PagesData(seed, now);
        Instant start = d.now.minus(Duration.ofDays(HISTORY_DAYS));
        for (int i = 0; i < spread; i++) {
            d.lifecycle(d.between(start, d.now.minus(Duration.ofHours(2))));
        }
        for (int i = 0; i < recent; i++) {
            d.lifecycle(d.between(d.now.minus(Duration.ofDays(45)), d.now.minus(Duration.ofHours(1))));
        }
        Instant today = d.now.atZone(ZONE).toLocalDate().atStartOfDay(ZONE).toInstant();
        for (int i = 0; i < 6; i++) {
            d.lifecycle(d.between(today, d.now.minus(Duration.ofMinutes(5))));
        }
        return d.events;
    }

    private void lifecycle(Instant received) {
        String caseId = "pg-c" + (++cases);
        String[] place = PLACES[(int) Math.floor(Math.pow(random.nextDouble(), 1.3) * PLACES.length)];
        String type = TYPES[(int) Math.floor(Math.pow(random.nextDouble(), 1.6) * TYPES.length)];
        JsonObject base = new JsonObject().put("caseId", caseId).put("receivedAt", received.toString())
                .put("district", place[0]).put("town", place[1]).put("caseType", type)
                .put("channel", CHANNELS[random.nextInt(CHANNELS.length)]).put("parties", 2 + (random.nextInt(20) == 0 ? 5 : 0));
        BigDecimal involved = MONEY_TYPES.contains(type) ? BigDecimal.valueOf(2_000 + random.nextInt(80_000)) : null;
        JsonObject first = event(base, "received", received);
        if (involved != null) {
            first.put("amountInvolved", involved);
        }
        events.add(first);
        String committee = COMMITTEES[random.nextInt(COMMITTEES.length)];
        String mediator = MEDIATORS[random.nextInt(MEDIATORS.length)];
        Instant t = received.plus(Duration.ofMinutes(5 + random.nextInt(40)));
        if (!add(base, "dispatched", t, null)) {
            return;
        }
        t = t.plus(Duration.ofMinutes(20 + random.nextInt(200)));
        if (!add(base, "accepted", t, null)) {
            return;
        }
        t = t.plus(Duration.ofHours(1 + random.nextInt(20)));
        if (!add(base, "assigned", t, new JsonObject().put("committee", committee).put("mediator", mediator))) {
            return;
        }
        double fate = random.nextDouble();
        if (fate < 0.12) {
            return; // still being mediated
        }
        t = t.plus(Duration.ofHours(12 + random.nextInt(24 * 25)));
        boolean success = fate > 0.3;
        JsonObject conclusion = new JsonObject().put("committee", committee).put("mediator", mediator);
        if (success && involved != null) {
            conclusion.put("amountRecovered", involved.multiply(BigDecimal.valueOf(50 + random.nextInt(51))).movePointLeft(2));
        }
        if (!add(base, success ? "mediated" : "failed", t, conclusion) || !success) {
            return;
        }
        t = t.plus(Duration.ofHours(6 + random.nextInt(24 * 4)));
        add(base, "followed_up", t, new JsonObject().put("satisfaction", 1 + (int) Math.floor(Math.pow(random.nextDouble(), 0.4) * 5)));
    }

    /** Adds the event if it is not in the future; false when the case stops here for now. */
    private boolean add(JsonObject base, String kind, Instant at, JsonObject extra) {
        if (at.isAfter(now.minusSeconds(30))) {
            return false;
        }
        JsonObject e = event(base, kind, at);
        if (extra != null) {
            e.mergeIn(extra);
        }
        events.add(e);
        return true;
    }

    private JsonObject event(JsonObject base, String kind, Instant at) {
        return base.copy().put("eventId", "pg-e" + (events.size() + 1)).put("kind", kind)
                .put("eventTime", at.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    private Instant between(Instant from, Instant to) {
        long span = Math.max(1, Duration.between(from, to).toMillis());
        return from.plusMillis((long) (random.nextDouble() * span)).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Posts {@code events} through the NDJSON ingest API; fails if any is refused. */
    static void post(String baseUrl, List<JsonObject> events) {
        for (int from = 0; from < events.size(); from += 2000) {
            List<JsonObject> batch = events.subList(from, Math.min(events.size(), from + 2000));
            Http.Response r = Http.postBatch(baseUrl, TestServer.INGEST_KEY, batch);
            if (r.status() != 200 || new JsonObject(r.body()).getInteger("rejected", 0) != 0) {
                throw new AssertionError("ingest refused events: " + r.status() + " " + r.body().substring(0, Math.min(2000, r.body().length())));
            }
        }
    }
}
