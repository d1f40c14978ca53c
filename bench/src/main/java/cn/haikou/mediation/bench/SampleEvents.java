package cn.haikou.mediation.bench;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Realistic Haikou case events in the ingest API's form (~370 bytes as NDJSON, Chinese text),
 * unique by a prefix and a sequence number, stamped from {@code base} onwards.
 */
final class SampleEvents {

    private static final String[][] TOWNS = {
            {"460105", "秀英街道"}, {"460105", "长流镇"}, {"460105", "西秀镇"}, {"460106", "金贸街道"}, {"460106", "中山街道"},
            {"460106", "大同街道"}, {"460106", "城西镇"}, {"460107", "府城街道"}, {"460107", "云龙镇"}, {"460107", "红旗镇"},
            {"460108", "海甸街道"}, {"460108", "白龙街道"}, {"460108", "演丰镇"}, {"460108", "人民路街道"}};
    private static final String[] TYPES = {"labour", "tourism", "neighbour", "traffic", "consumer", "marriage_family",
            "property_mgmt", "contract", "damages", "housing"};
    private static final String[] CHANNELS = {"phone", "wechat", "app", "web", "walk_in", "police110"};
    private static final String[] KINDS = {"received", "dispatched", "accepted", "assigned", "progress", "mediated", "followed_up"};
    private static final String[] SUMMARIES = {"工地拖欠工资，多次讨要未果", "邻居装修噪音扰民，协商不成", "游客投诉景区强制消费",
            "小区物业费纠纷，要求调解", "交通事故赔偿金额存在争议", "购买商品质量问题要求退款"};
    private static final String[] NAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "吴", "林", "符"};

    private final String prefix;
    private final SplittableRandom random;
    private final Instant base;

    SampleEvents(String prefix, long seed, Instant base) {
        this.prefix = prefix;
        this.random = new SplittableRandom(seed);
        this.base = base;
    }

    /** The {@code n}-th event; times advance 1 ms per event from the base. */
    JsonObject event(long n) {
        String[] town = TOWNS[random.nextInt(TOWNS.length)];
        Instant at = base.plusMillis(n);
        String kind = KINDS[random.nextInt(KINDS.length)];
        JsonObject e = new JsonObject()
                .put("eventId", prefix + "-" + n)
                .put("caseId", prefix + "-c" + (n / 4))
                .put("kind", kind)
                .put("eventTime", at.toString())
                .put("receivedAt", (kind.equals("received") ? at : at.minusSeconds(3600)).toString())
                .put("district", town[0])
                .put("town", town[1])
                .put("caseType", TYPES[random.nextInt(TYPES.length)])
                .put("channel", CHANNELS[random.nextInt(CHANNELS.length)])
                .put("parties", 1 + random.nextInt(4))
                .put("amountInvolved", random.nextInt(5_000_000) / 100.0)
                .put("caller", new JsonObject().put("name", NAMES[random.nextInt(NAMES.length)] + "先生")
                        .put("phone", "1" + (3_000_000_000L + random.nextLong(999_999_999L))))
                .put("summary", SUMMARIES[random.nextInt(SUMMARIES.length)]);
        if (kind.equals("followed_up")) {
            e.put("satisfaction", 3 + random.nextInt(3));
        }
        return e;
    }

    /** {@code count} events from {@code from} as one NDJSON body. */
    byte[] ndjson(long from, int count) {
        StringBuilder sb = new StringBuilder(count * 400);
        for (long n = from; n < from + count; n++) {
            sb.append(event(n).encode()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
