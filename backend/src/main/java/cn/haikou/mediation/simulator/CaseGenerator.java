package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Caller;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Invents whole cases. A case is a pure function of (seed, case id, receipt time, pace): the same
 * inputs always give the same district, type, people, amounts and lifecycle, which is what lets a
 * restarted simulator continue a case it began before (see {@link SimulatorVerticle}) and lets tests
 * compare streams. All codes come from the pack; what no pack says (how long mediation takes, which
 * specialised committee hears a type) is modelled here from the domain brief's figures.
 */
public final class CaseGenerator {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** The longest a case may run past its close clock before it concludes. */
    private static final long MAX_OVERDUE = 20 * DAY;

    /** Types whose disputes often involve many parties (群体性纠纷): wage arrears, land takings, estates. */
    private static final Set<String> MASS_PRONE = Set.of("labour", "land_acquisition", "property_mgmt");
    /** Types that are often settled on the spot, the same day. */
    private static final Set<String> SIMPLE = Set.of("neighbour", "marriage_family", "consumer", "property_mgmt", "tourism", "other");
    /** Which specialised committee hears a type, and how often it (not the town committee) takes the case. */
    private static final Map<String, Specialised> SPECIALISED = Map.ofEntries(
            Map.entry("traffic", new Specialised("traffic", 0.80)),
            Map.entry("tourism", new Specialised("tourism", 0.85)),
            Map.entry("medical", new Specialised("medical", 0.85)),
            Map.entry("labour", new Specialised("labour", 0.55)),
            Map.entry("property_mgmt", new Specialised("property", 0.50)),
            Map.entry("consumer", new Specialised("consumer", 0.50)),
            Map.entry("marriage_family", new Specialised("family", 0.30)),
            Map.entry("land_forest", new Specialised("land", 0.40)),
            Map.entry("land_acquisition", new Specialised("land", 0.40)),
            Map.entry("pollution", new Specialised("environment", 0.40)),
            Map.entry("contract", new Specialised("commercial", 0.45)),
            Map.entry("business", new Specialised("commercial", 0.50)),
            Map.entry("housing", new Specialised("real_estate", 0.30)));
    /** How likely a type involves money, its typical amount (yuan) and spread. */
    private static final Map<String, Money> MONEY = Map.ofEntries(
            Map.entry("labour", new Money(1.0, 9_000, 0.7, 22_000)),
            Map.entry("contract", new Money(0.95, 30_000, 1.0, 10_000)),
            Map.entry("business", new Money(0.9, 50_000, 1.0, 10_000)),
            Map.entry("damages", new Money(0.9, 6_000, 0.9, 10_000)),
            Map.entry("traffic", new Money(0.95, 12_000, 0.9, 10_000)),
            Map.entry("medical", new Money(0.9, 60_000, 0.9, 10_000)),
            Map.entry("property_mgmt", new Money(0.6, 2_500, 0.8, 3_000)),
            Map.entry("consumer", new Money(0.95, 900, 0.9, 2_000)),
            Map.entry("tourism", new Money(0.9, 1_500, 0.9, 2_000)),
            Map.entry("housing", new Money(0.5, 20_000, 1.0, 10_000)),
            Map.entry("land_acquisition", new Money(0.9, 150_000, 0.8, 40_000)),
            Map.entry("marriage_family", new Money(0.3, 50_000, 1.0, 10_000)),
            Map.entry("neighbour", new Money(0.2, 3_000, 0.8, 1_000)),
            Map.entry("land_forest", new Money(0.2, 20_000, 0.9, 10_000)),
            Map.entry("pollution", new Money(0.3, 10_000, 0.9, 5_000)));
    private static final Money DEFAULT_MONEY = new Money(0.3, 5_000, 1.0, 5_000);
    private static final String[] RETURN_REASONS = {"非本辖区事项，退回重新派单", "不属于人民调解受理范围", "工单信息不全，需补充当事人信息"};
    private static final String TOWN_COMMITTEE = "town";

    private record Specialised(String committee, double share) {
    }

    private record Money(double share, double median, double sigma, double massMedianPerParty) {
    }

    private final Pack pack;
    private final long seed;
    private final Rhythm rhythm;
    private final long acceptClockMs;
    private final Map<String, double[]> townWeights = new HashMap<>();
    private final Set<String> committees;

    public CaseGenerator(Pack pack, long seed) {
        this.pack = pack;
        this.seed = seed;
        this.rhythm = new Rhythm(pack.zone());
        this.acceptClockMs = pack.acceptDue(Instant.EPOCH).toEpochMilli();
        this.committees = Set.copyOf(pack.committees().stream().map(PackFile.Entry::code).toList());
        for (PackFile.District d : pack.districts()) {
            townWeights.put(d.code(), townWeights(d.towns()));
        }
    }

    Rhythm rhythm() {
        return rhythm;
    }

    /** No simulated case runs longer than this from receipt to archive (at real-time pace). */
    public Duration maxLifetime() {
        int closeDays = pack.file().clocks().closeDays();
        for (PackFile.Entry t : pack.caseTypes()) {
            if (t.closeDays() != null) {
                closeDays = Math.max(closeDays, t.closeDays());
            }
        }
        return Duration.ofDays(closeDays + 45L);
    }

    public SimCase generate(Arrival arrival) {
        return generate(arrival.caseId(), arrival.receivedAt(), arrival.pace());
    }

    public SimCase generate(String caseId, Instant receivedAt, double pace) {
        SplittableRandom r = Chance.random(seed, Chance.hash(caseId));
        ZonedDateTime local = receivedAt.atZone(pack.zone());
        PackFile.District district = Chance.weighted(r, pack.districts(), d -> weight(d.weight()));
        double[] towns = townWeights.get(district.code());
        String town = district.towns().get(pickIndex(r, towns));
        PackFile.Entry type = Chance.weighted(r, pack.caseTypes(), t -> weight(t.weight()) * rhythm.typeBoost(t.code(), local));
        PackFile.Entry channel = Chance.weighted(r, pack.channels(), c -> weight(c.weight()));
        boolean mass = Chance.chance(r, MASS_PRONE.contains(type.code()) ? 0.08 : 0.004);
        int parties = mass ? CaseEvent.MASS_PARTIES + (int) Math.min(195, Chance.logNormal(r, 18, 0.6))
                : Chance.chance(r, 0.85) ? 2 : 3 + r.nextInt(2);
        long involvedFen = amount(r, type.code(), parties, mass);
        Caller caller = People.caller(r, district.name(), town);
        String summary = Summaries.summary(r, type.code(), type.name(), parties, involvedFen);
        List<Step> steps = lifecycle(r, receivedAt, district.code(), town, type.code(), mass, involvedFen);
        return new SimCase(caseId, receivedAt, pace, district.code(), town, type.code(), channel.code(), parties,
                involvedFen, caller, summary, steps);
    }

    private List<Step> lifecycle(SplittableRandom r, Instant receivedAt, String district, String town, String type,
                                 boolean mass, long involvedFen) {
        Lifecycle life = new Lifecycle(r, receivedAt);
        intake(life, r, receivedAt);
        assign(life, r, district, town, type);
        long end = conclusionTime(life, r, receivedAt, type, mass);
        progress(life, r, end);
        double successRate = mass ? 0.85 : switch (type) {
            case "medical", "land_forest" -> 0.93;
            case "land_acquisition" -> 0.90;
            default -> 0.975;
        };
        boolean success = Chance.chance(r, successRate);
        if (success) {
            life.add(EventKind.MEDIATED, end, "", recovered(r, type, involvedFen), 0);
        } else {
            life.add(EventKind.FAILED, end);
            life.add(EventKind.REFERRED, life.working(life.t + duration(r, 8 * HOUR, 0.8, 30 * MINUTE, 3 * DAY)), referral(r, type));
        }
        life.add(EventKind.FOLLOWED_UP, life.working(life.t + duration(r, 30 * HOUR, 0.7, 2 * HOUR, 7 * DAY)), "", 0,
                satisfaction(r, success));
        life.add(EventKind.ARCHIVED, life.working(life.t + duration(r, 2 * DAY, 0.7, HOUR, 10 * DAY)));
        return life.steps;
    }

    /** Received, dispatched to the district (sometimes returned and dispatched again), accepted: mostly within the clock. */
    private void intake(Lifecycle life, SplittableRandom r, Instant receivedAt) {
        int hour = receivedAt.atZone(pack.zone()).getHour();
        boolean night = hour < 7 || hour >= 22;
        life.add(EventKind.RECEIVED, 0);
        // The city platform dispatches around the clock, more slowly at night.
        life.add(EventKind.DISPATCHED, life.t + duration(r, night ? 20 * MINUTE : 6 * MINUTE, 0.8, MINUTE, 90 * MINUTE));
        boolean returned = Chance.chance(r, 0.05);
        if (returned) {
            life.add(EventKind.RETURNED, life.t + duration(r, 30 * MINUTE, 0.6, 5 * MINUTE, 3 * HOUR),
                    Chance.pick(r, RETURN_REASONS));
            life.add(EventKind.DISPATCHED, life.t + duration(r, 15 * MINUTE, 0.6, 2 * MINUTE, 2 * HOUR));
        }
        long room = acceptClockMs - life.t - MINUTE;
        boolean late = Chance.chance(r, returned ? 0.4 : 0.05) || room < MINUTE;
        long acceptAt;
        if (late) {
            acceptAt = Math.max(life.t, acceptClockMs) + duration(r, HOUR, 0.8, 5 * MINUTE, 10 * HOUR);
        } else {
            long wait = duration(r, night ? 45 * MINUTE : 25 * MINUTE, 0.8, MINUTE, 6 * HOUR);
            acceptAt = life.t + (wait <= room ? wait : (long) Chance.uniform(r, MINUTE, room));
        }
        life.add(EventKind.ACCEPTED, acceptAt);
    }

    /** The district hands the case to a mediator of the town's committee or of the type's specialised one. */
    private void assign(Lifecycle life, SplittableRandom r, String district, String town, String type) {
        String committee = committee(r, type);
        boolean townCommittee = committee.equals(TOWN_COMMITTEE);
        String pool = townCommittee ? district + "/" + town : "city";
        life.committee = committee;
        life.mediator = People.mediator(seed, committee, pool, r.nextInt(People.poolSize(seed, committee, pool, townCommittee)));
        life.add(EventKind.ASSIGNED, life.working(life.t + duration(r, 40 * MINUTE, 0.8, 5 * MINUTE, 8 * HOUR)));
    }

    /**
     * When mediation concludes: most cases within days, simple ones often the same day, a few
     * (many of the mass disputes) after the type's close clock, which makes them overdue meanwhile.
     */
    private long conclusionTime(Lifecycle life, SplittableRandom r, Instant receivedAt, String type, boolean mass) {
        long due = pack.closeDue(type, receivedAt).toEpochMilli() - receivedAt.toEpochMilli();
        long onTimeLimit = due - HOUR;
        boolean overdue = Chance.chance(r, mass ? 0.35 : 0.035) || life.t >= onTimeLimit;
        if (overdue) {
            return life.working(Math.max(life.t, due) + (long) Chance.uniform(r, 0.3 * DAY, MAX_OVERDUE));
        }
        long end;
        if (!mass && Chance.chance(r, SIMPLE.contains(type) ? 0.25 : 0.05)) {
            end = life.t + (long) Chance.uniform(r, HOUR, 6 * HOUR);
        } else {
            end = life.t + duration(r, mass ? 10 * DAY : 3 * DAY, 0.8, 2 * HOUR, due);
        }
        end = Math.min(end, onTimeLimit);
        long snapped = life.working(end);
        return snapped <= onTimeLimit ? snapped : end;
    }

    /** Progress reports from the mediator's app, spread over the mediation: none for quick cases, up to five. */
    private void progress(Lifecycle life, SplittableRandom r, long end) {
        long start = life.t;
        long span = end - start;
        int updates = span < 3 * HOUR ? 0 : span < DAY ? 1 : (int) Math.min(5, 1 + span / (5 * DAY));
        long gap = span / (updates + 1);
        for (int i = 1; i <= updates; i++) {
            long at = life.working(start + gap * i + (long) (Chance.uniform(r, -0.1, 0.1) * gap));
            if (at < end) {
                life.add(EventKind.PROGRESS, at);
            }
        }
    }

    /** Builds the step list, keeping steps in order and carrying the committee once assigned. */
    private final class Lifecycle {
        final SplittableRandom r;
        final Instant receivedAt;
        final List<Step> steps = new ArrayList<>(12);
        long t;
        String committee = "";
        String mediator = "";

        Lifecycle(SplittableRandom r, Instant receivedAt) {
            this.r = r;
            this.receivedAt = receivedAt;
        }

        void add(EventKind kind, long at) {
            add(kind, at, "", 0, 0);
        }

        void add(EventKind kind, long at, String outcome) {
            add(kind, at, outcome, 0, 0);
        }

        void add(EventKind kind, long at, String outcome, long recoveredFen, int satisfaction) {
            t = steps.isEmpty() ? at : Math.max(at, t + 1000);
            steps.add(new Step(kind, t, committee, mediator, recoveredFen, satisfaction, outcome));
        }

        /** Mediators work 08:00-20:00 local: later work moves to the next morning. */
        long working(long at) {
            ZonedDateTime local = receivedAt.plusMillis(at).atZone(pack.zone());
            int hour = local.getHour();
            if (hour >= 8 && hour < 20) {
                return at;
            }
            ZonedDateTime morning = (hour >= 20 ? local.plusDays(1) : local).toLocalDate().atTime(8, 0).atZone(pack.zone())
                    .plusSeconds(r.nextInt(90 * 60)).plusNanos(r.nextInt(1000) * 1_000_000L);
            return morning.toInstant().toEpochMilli() - receivedAt.toEpochMilli();
        }
    }

    private String committee(SplittableRandom r, String type) {
        Specialised s = SPECIALISED.get(type);
        if (s != null && committees.contains(s.committee()) && Chance.chance(r, s.share())) {
            return s.committee();
        }
        if (committees.isEmpty() || committees.contains(TOWN_COMMITTEE)) {
            return TOWN_COMMITTEE;
        }
        return pack.committees().get(0).code();
    }

    private String referral(SplittableRandom r, String type) {
        double x = r.nextDouble();
        String target = switch (type) {
            case "labour" -> x < 0.7 ? "arbitration" : x < 0.9 ? "court" : "petition";
            case "land_acquisition", "land_forest" -> x < 0.4 ? "petition" : x < 0.8 ? "agency" : "court";
            case "consumer", "tourism", "property_mgmt", "pollution" -> x < 0.6 ? "agency" : "court";
            default -> x < 0.65 ? "court" : x < 0.85 ? "agency" : "petition";
        };
        List<PackFile.Entry> targets = pack.referralTargets();
        if (targets.isEmpty() || pack.hasReferralTarget(target)) {
            return target;
        }
        return targets.get(0).code();
    }

    private static long amount(SplittableRandom r, String type, int parties, boolean mass) {
        Money m = MONEY.getOrDefault(type, DEFAULT_MONEY);
        if (!mass && !Chance.chance(r, m.share())) {
            return 0;
        }
        double yuan = mass ? parties * Chance.logNormal(r, m.massMedianPerParty(), 0.35) : Chance.logNormal(r, m.median(), m.sigma());
        yuan = Math.min(yuan, 50_000_000);
        if (yuan < 2_000) {
            return Math.max(50, Math.round(yuan * 2) * 50);           // to 0.5 yuan: shop prices
        }
        if (yuan < 100_000) {
            return Math.round(yuan) * 100;                              // whole yuan
        }
        return Math.round(yuan / 100) * 10_000;                         // hundreds of yuan
    }

    private static long recovered(SplittableRandom r, String type, long involvedFen) {
        if (involvedFen == 0) {
            return 0;
        }
        if (Chance.chance(r, 0.35)) {
            return involvedFen;
        }
        double share = switch (type) {
            case "labour" -> Chance.uniform(r, 0.85, 1.0);
            case "land_acquisition" -> Chance.uniform(r, 0.7, 1.0);
            default -> Chance.uniform(r, 0.5, 1.0);
        };
        return Math.max(100, Math.round(involvedFen * share / 100) * 100);
    }

    private static int satisfaction(SplittableRandom r, boolean success) {
        double x = r.nextDouble();
        if (success) {
            return x < 0.62 ? 5 : x < 0.89 ? 4 : x < 0.96 ? 3 : x < 0.99 ? 2 : 1;
        }
        return x < 0.05 ? 5 : x < 0.20 ? 4 : x < 0.55 ? 3 : x < 0.85 ? 2 : 1;
    }

    /** A log-normal duration in milliseconds, clamped to [min, max]. */
    private static long duration(SplittableRandom r, long median, double sigma, long min, long max) {
        return Math.max(min, Math.min(max, (long) Chance.logNormal(r, median, sigma)));
    }

    private static double weight(Double w) {
        return w == null ? 1.0 : w;
    }

    /**
     * Towns differ in how many disputes they raise (urban streets, listed first in the pack, more
     * than rural towns), which gives the wall's hot-spot ranking a stable shape.
     */
    private static double[] townWeights(List<String> towns) {
        double[] w = new double[towns.size()];
        for (int i = 0; i < w.length; i++) {
            double jitter = (Chance.hash(towns.get(i)) >>> 11) * 0x1.0p-53;
            w[i] = (0.6 + 0.8 * jitter) / (1 + 0.08 * i);
        }
        return w;
    }

    private static int pickIndex(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
