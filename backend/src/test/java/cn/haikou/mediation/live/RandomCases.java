package cn.haikou.mediation.live;

import cn.haikou.mediation.testing.Http;
import cn.haikou.mediation.testing.TestServer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random but valid Haikou case lifecycles over the last 30 days, for the tests that compare the
 * wall's figures with SQL. Deadlines are kept at least 15 minutes away from "now", so that no
 * case becomes overdue between the server's computation and the test's.
 */
final class RandomCases {

    private static final String[][] TOWNS = {
            {"460105", "秀英街道"}, {"460105", "长流镇"}, {"460106", "金贸街道"}, {"460106", "中山街道"},
            {"460107", "府城街道"}, {"460107", "云龙镇"}, {"460108", "海甸街道"}, {"460108", "演丰镇"}};
    private static final String[] TYPES = {"labour", "tourism", "neighbour", "traffic", "consumer", "marriage_family"};
    private static final int[] CLOSE_DAYS = {15, 7, 30, 30, 7, 30};
    private static final String[] CHANNELS = {"phone", "wechat", "app", "walk_in"};
    private static final String[] MEDIATORS = {"李明", "王芳", "陈刚", "林晓"};
    private static final String[] COMMITTEES = {"town", "labour", "tourism", "traffic"};

    private RandomCases() {
    }

    /** Posts {@code events} through the batch endpoint, 1,000 to a request, none of them refused. */
    static void post(String serverUrl, List<JsonObject> events) {
        for (int i = 0; i < events.size(); i += 1000) {
            Http.Response r = Http.postBatch(serverUrl, TestServer.INGEST_KEY, events.subList(i, Math.min(events.size(), i + 1000)));
            assertThat(r.json().getInteger("rejected")).as(r.body()).isZero();
        }
    }

    static List<JsonObject> generate(long seed, int cases, Instant now) {
        Random r = new Random(seed);
        List<JsonObject> events = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            int type = r.nextInt(TYPES.length);
            Instant received = pickReceived(r, now, CLOSE_DAYS[type]);
            String[] town = TOWNS[r.nextInt(TOWNS.length)];
            String caseId = "rc-" + seed + "-" + c;
            int parties = r.nextInt(10) == 0 ? 5 + r.nextInt(40) : 1 + r.nextInt(3);
            double involved = r.nextInt(4) == 0 ? r.nextInt(1_000_000) / 100.0 : 0;
            String channel = CHANNELS[r.nextInt(CHANNELS.length)];
            String caller = r.nextBoolean() ? "1380000" + (1000 + r.nextInt(30)) : "";
            List<String> kinds = lifecycle(r);
            Instant t = received;
            int step = 0;
            String mediator = MEDIATORS[r.nextInt(MEDIATORS.length)];
            for (String kind : kinds) {
                if (step > 0) {
                    t = t.plus(Duration.ofMinutes(1 + r.nextInt(60 * 24 * 3)));
                    if (t.isAfter(now.minus(1, ChronoUnit.MINUTES))) {
                        break;
                    }
                }
                JsonObject e = new JsonObject()
                        .put("eventId", caseId + ":" + step++)
                        .put("caseId", caseId)
                        .put("kind", kind)
                        .put("eventTime", t.toString())
                        .put("receivedAt", received.toString())
                        .put("district", town[0])
                        .put("town", town[1])
                        .put("caseType", TYPES[type])
                        .put("channel", channel)
                        .put("parties", parties)
                        .put("amountInvolved", involved);
                if (!caller.isEmpty()) {
                    e.put("caller", new JsonObject().put("name", "张三").put("phone", caller));
                }
                if (kind.equals("assigned") || kind.equals("progress") || kind.equals("mediated") || kind.equals("failed")) {
                    e.put("mediator", mediator).put("committee", COMMITTEES[type % COMMITTEES.length]);
                }
                if (kind.equals("mediated")) {
                    e.put("amountRecovered", Math.floor(involved * r.nextDouble() * 100) / 100);
                }
                if (kind.equals("followed_up")) {
                    e.put("satisfaction", 1 + r.nextInt(5));
                }
                if (kind.equals("referred")) {
                    e.put("outcome", "court");
                }
                events.add(e);
            }
        }
        events.sort((a, b) -> a.getString("eventTime").compareTo(b.getString("eventTime")));
        return events;
    }

    private static List<String> lifecycle(Random r) {
        List<String> kinds = new ArrayList<>(List.of("received", "dispatched"));
        if (r.nextInt(8) == 0) {
            kinds.add("returned");
            kinds.add("dispatched");
        }
        int length = r.nextInt(8);
        if (length == 0) {
            return kinds;
        }
        kinds.add("accepted");
        if (length == 1) {
            return kinds;
        }
        kinds.add("assigned");
        kinds.add("progress");
        if (length <= 3) {
            return kinds;
        }
        boolean success = r.nextInt(10) > 0;
        kinds.add(success ? "mediated" : "failed");
        if (!success) {
            kinds.add("referred");
        }
        if (length >= 5) {
            kinds.add("followed_up");
        }
        if (length >= 6) {
            kinds.add("archived");
        }
        return kinds;
    }

    /** A reception time in the last 30 days whose accept and close deadlines are not near now. */
    private static Instant pickReceived(Random r, Instant now, int closeDays) {
        while (true) {
            Instant received = now.minus(Duration.ofMinutes(5 + r.nextInt(30 * 24 * 60))).truncatedTo(ChronoUnit.MILLIS);
            Instant acceptDue = received.plus(Duration.ofHours(2));
            Instant closeDue = received.plus(Duration.ofDays(closeDays));
            if (far(acceptDue, now) && far(closeDue, now)) {
                return received;
            }
        }
    }

    private static boolean far(Instant deadline, Instant now) {
        return Duration.between(deadline, now).abs().compareTo(Duration.ofMinutes(15)) > 0;
    }
}
