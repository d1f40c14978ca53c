package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic set of Haikou mediation cases, each a full lifecycle of events (received,
 * dispatched, accepted, assigned, mediated or failed, followed up, archived), spread over 2024-2025
 * with denser weeks where hourly series and their comparisons are tested.
 */
final class CaseDataset {

    /** One event as generated, with what the store derives from it (the close clock). */
    record Ev(String eventId, String caseId, String kind, Instant eventTime, Instant receivedAt, String district,
              String town, String caseType, String channel, String committee, String mediator, int parties,
              long involvedFen, long recoveredFen, int satisfaction, Instant closeDueAt) {

        String value(Dimension d) {
            return switch (d) {
                case CASE_TYPE -> caseType;
                case DISTRICT -> district;
                case TOWN -> town;
                case CHANNEL -> channel;
                case COMMITTEE -> committee;
                case MEDIATOR -> mediator;
                case KIND -> kind;
            };
        }

        JsonObject json() {
            JsonObject j = new JsonObject().put("eventId", eventId).put("caseId", caseId).put("kind", kind)
                    .put("eventTime", eventTime.toString()).put("receivedAt", receivedAt.toString())
                    .put("district", district).put("town", town).put("caseType", caseType).put("channel", channel)
                    .put("parties", parties);
            if (!committee.isEmpty()) {
                j.put("committee", committee);
            }
            if (!mediator.isEmpty()) {
                j.put("mediator", mediator);
            }
            if (involvedFen > 0) {
                j.put("amountInvolved", BigDecimal.valueOf(involvedFen, 2));
            }
            if (recoveredFen > 0) {
                j.put("amountRecovered", BigDecimal.valueOf(recoveredFen, 2));
            }
            if (kind.equals("followed_up")) {
                j.put("satisfaction", satisfaction);
            }
            return j;
        }
    }

    /** Includes a name Excel would run as a formula, to prove the CSV export defuses it. */
    static final List<String> MEDIATORS = List.of("王芳", "李明", "张伟", "陈静", "刘洋", "赵磊", "黄敏", "周杰", "吴昊", "=1+1");
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Pack pack;
    private final Random random;
    private final List<Ev> events = new ArrayList<>();
    private int cases;

    private CaseDataset(Pack pack, long seed) {
        this.pack = pack;
        this.random = new Random(seed);
    }

    /** {@code baseCases} over 2024-01-01..2025-12-01 plus {@code burstCases} in each of the given weeks. */
    static List<Ev> generate(Pack pack, long seed, int baseCases, int burstCases, List<LocalDateTime> burstWeeks) {
        CaseDataset d = new CaseDataset(pack, seed);
        Instant start = LocalDateTime.of(2024, 1, 1, 0, 0).atZone(ZONE).toInstant();
        Instant end = LocalDateTime.of(2025, 12, 1, 0, 0).atZone(ZONE).toInstant();
        for (int i = 0; i < baseCases; i++) {
            d.generateCase(between(d.random, start, end));
        }
        for (LocalDateTime week : burstWeeks) {
            Instant from = week.atZone(ZONE).toInstant();
            for (int i = 0; i < burstCases; i++) {
                d.generateCase(between(d.random, from, from.plus(Duration.ofDays(7))));
            }
        }
        return d.events;
    }

    private void generateCase(Instant received) {
        String caseId = "C" + (++cases);
        PackFile.District district = pack.districts().get(random.nextInt(pack.districts().size()));
        String town = district.towns().get(random.nextInt(district.towns().size()));
        String type = pack.caseTypes().get(random.nextInt(pack.caseTypes().size())).code();
        String channel = pack.channels().get(random.nextInt(pack.channels().size())).code();
        String committee = pack.committees().get(random.nextInt(pack.committees().size())).code();
        String mediator = MEDIATORS.get(random.nextInt(MEDIATORS.size()));
        int parties = random.nextInt(10) == 0 ? 5 + random.nextInt(30) : 1 + random.nextInt(3);
        Instant closeDue = pack.closeDue(type, received);
        Base base = new Base(caseId, received, district.code(), town, type, channel, parties, closeDue);

        add(base, "received", received, "", "", 0, 0, 0);
        Instant dispatched = received.plus(minutes(2, 60));
        add(base, "dispatched", dispatched, "", "", 0, 0, 0);
        if (random.nextInt(20) == 0) {
            return; // still waiting for a district
        }
        Instant accepted = dispatched.plus(minutes(5, 240));
        add(base, "accepted", accepted, "", "", 0, 0, 0);
        Instant assigned = accepted.plus(minutes(30, 24 * 60));
        add(base, "assigned", assigned, committee, mediator, 0, 0, 0);
        if (random.nextInt(8) == 0) {
            return; // still in mediation
        }
        Instant concluded = assigned.plus(minutes(60, 40 * 24 * 60));
        boolean success = random.nextInt(10) < 8;
        long involved = random.nextInt(3) == 0 ? 0 : 100L * (1 + random.nextInt(500_000)) + random.nextInt(100);
        long recovered = success && involved > 0 ? involved * (50 + random.nextInt(51)) / 100 : 0;
        add(base, success ? "mediated" : "failed", concluded, committee, mediator, involved, recovered, 0);
        if (random.nextInt(10) < 7) {
            add(base, "followed_up", concluded.plus(minutes(60, 5 * 24 * 60)), committee, mediator, 0, 0, 1 + random.nextInt(5));
        }
    }

    private record Base(String caseId, Instant received, String district, String town, String type, String channel,
                        int parties, Instant closeDue) {
    }

    private void add(Base b, String kind, Instant at, String committee, String mediator, long involved, long recovered,
                     int satisfaction) {
        events.add(new Ev(b.caseId() + "-" + kind, b.caseId(), kind, at, b.received(), b.district(), b.town(), b.type(),
                b.channel(), committee, mediator, b.parties(), involved, recovered, satisfaction, b.closeDue()));
    }

    private Duration minutes(int min, int max) {
        return Duration.ofSeconds(60L * min + random.nextInt((max - min) * 60));
    }

    private static Instant between(Random random, Instant from, Instant to) {
        long span = Duration.between(from, to).toMillis();
        return from.plusMillis((long) (random.nextDouble() * span));
    }
}
