package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.InvalidEventException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("The simulator's case generator")
class CaseGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pack HAIKOU = Pack.load("haikou");
    /** A Tuesday in July: outside the tourist season and the Spring Festival. */
    private static final Instant SUMMER = Instant.parse("2024-07-02T00:00:00Z");

    /** Four summer days at 40 cases an hour: ~3,800 whole cases and ~30,000 events, each parsed by the ingest parser. */
    private static List<SimCase> cases;
    private static List<JsonNode> events;
    private static List<CaseEvent> parsed;

    @BeforeAll
    static void generate() throws Exception {
        cases = cases(HAIKOU, 20190520L, SUMMER, SUMMER.plus(Duration.ofDays(4)), 40);
        events = drain(HAIKOU, cases);
        parsed = parseAll(HAIKOU, events);
    }

    static List<SimCase> cases(Pack pack, long seed, Instant from, Instant to, double perHour) {
        CaseGenerator generator = new CaseGenerator(pack, seed);
        return new Arrivals(generator, seed).between(Arrivals.Stream.HISTORY, from, to, perHour, 1.0).stream()
                .map(generator::generate).toList();
    }

    /** Every event of the cases, in release order, as the NDJSON body the simulator posts. */
    static String ndjson(Pack pack, List<SimCase> cases) {
        Timeline timeline = new Timeline();
        cases.forEach(timeline::add);
        return Ndjson.encode(timeline.due(Instant.parse("2100-01-01T00:00:00Z"), Integer.MAX_VALUE), new IsoTimes(pack.zone()))
                .toString();
    }

    static List<JsonNode> drain(Pack pack, List<SimCase> cases) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson(pack, cases).split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Nested
    @DisplayName("determinism")
    class Determinism {

        @Test
        @DisplayName("the same seed and start give the same events; another seed gives others")
        void sameSeedSameEvents() throws IOException {
            Instant from = Instant.parse("2025-01-28T00:00:00Z");
            String a = ndjson(HAIKOU, cases(HAIKOU, 7, from, from.plus(Duration.ofHours(12)), 240));
            String b = ndjson(HAIKOU, cases(HAIKOU, 7, from, from.plus(Duration.ofHours(12)), 240));
            String c = ndjson(HAIKOU, cases(HAIKOU, 8, from, from.plus(Duration.ofHours(12)), 240));
            assertThat(a.lines().count()).isGreaterThan(5_000);
            assertThat(b).isEqualTo(a);
            assertThat(ids(c)).doesNotContainAnyElementsOf(ids(a));
        }

        @Test
        @DisplayName("any stretch of the stream regenerates alone to the same cases")
        void stretchesRegenerateAlone() {
            Instant from = Instant.parse("2025-03-01T06:00:00Z");
            Instant mid = from.plus(Duration.ofMinutes(97)).plusMillis(123);
            Instant to = from.plus(Duration.ofHours(4));
            CaseGenerator g = new CaseGenerator(HAIKOU, 42);
            Arrivals arrivals = new Arrivals(g, 42);
            List<Arrival> whole = arrivals.between(Arrivals.Stream.LIVE, from, to, 300, 1.0);
            List<Arrival> parts = new ArrayList<>(arrivals.between(Arrivals.Stream.LIVE, from, mid, 300, 1.0));
            parts.addAll(arrivals.between(Arrivals.Stream.LIVE, mid, to, 300, 1.0));
            assertThat(parts).isEqualTo(whole);
            assertThat(whole.stream().map(Arrival::caseId).distinct().count()).isEqualTo(whole.size());
            SimCase first = g.generate(whole.get(0));
            SimCase again = new CaseGenerator(HAIKOU, 42).generate(whole.get(0).caseId(), whole.get(0).receivedAt(), 1.0);
            assertThat(again.event(first.size() - 1, HAIKOU.zone())).isEqualTo(first.event(first.size() - 1, HAIKOU.zone()));
        }
    }

    @Nested
    @DisplayName("validity")
    class Validity {

        @Test
        @DisplayName("every event passes the real ingest parser against the Haikou pack")
        void everyEventParses() {
            assertThat(events).hasSizeGreaterThan(20_000);
            assertThat(parsed).hasSize(events.size());
        }

        @Test
        @DisplayName("every event of another city's pack (nyc311) passes too")
        void anotherPackParses() throws Exception {
            Pack nyc = Pack.load("nyc311");
            List<JsonNode> nycEvents = drain(nyc, cases(nyc, 1, SUMMER, SUMMER.plus(Duration.ofDays(1)), 25));
            assertThat(nycEvents).hasSizeGreaterThan(2_000);
            assertThat(parseAll(nyc, nycEvents)).hasSize(nycEvents.size());
        }

        @Test
        @DisplayName("lifecycles run in order: received first, archived last, times rising, receipt constant")
        void lifecyclesInOrder() {
            Map<String, List<CaseEvent>> byCase = parsed.stream()
                    .collect(Collectors.groupingBy(CaseEvent::caseId, LinkedHashMap::new, Collectors.toList()));
            assertThat(byCase).hasSize(cases.size());
            for (List<CaseEvent> life : byCase.values()) {
                assertThat(life.get(0).kind()).isEqualTo(EventKind.RECEIVED);
                assertThat(life.get(life.size() - 1).kind()).isEqualTo(EventKind.ARCHIVED);
                for (int i = 1; i < life.size(); i++) {
                    assertThat(life.get(i).eventTime()).isAfter(life.get(i - 1).eventTime());
                    assertThat(life.get(i).receivedAt()).isEqualTo(life.get(0).receivedAt());
                }
                List<EventKind> kinds = life.stream().map(CaseEvent::kind).toList();
                assertThat(kinds.indexOf(EventKind.ACCEPTED)).isLessThan(kinds.indexOf(EventKind.ASSIGNED));
                assertThat(kinds.stream().filter(EventKind::concludes).count()).isEqualTo(1);
                assertThat(kinds.contains(EventKind.REFERRED)).isEqualTo(kinds.contains(EventKind.FAILED));
            }
        }

        @Test
        @DisplayName("an accelerated case runs its lifecycle faster and says so on its received event")
        void acceleratedCase() {
            CaseGenerator g = new CaseGenerator(HAIKOU, 3);
            SimCase real = g.generate("SIM-20250101000000000-0", SUMMER, 1.0);
            SimCase fast = g.generate("SIM-20250101000000000-0", SUMMER, 60.0);
            Duration realSpan = Duration.between(real.receivedAt(), real.eventTime(real.size() - 1));
            Duration fastSpan = Duration.between(fast.receivedAt(), fast.eventTime(fast.size() - 1));
            assertThat(fastSpan.toMillis()).isCloseTo(realSpan.toMillis() / 60, within(real.size() + 1L));
            assertThat(fast.event(0, HAIKOU.zone()).getJsonObject("attributes").getString("simPace")).isEqualTo("60");
            assertThat(real.event(0, HAIKOU.zone()).containsKey("attributes")).isFalse();
        }
    }

    @Nested
    @DisplayName("realism")
    class Realism {

        @Test
        @DisplayName("district, type and channel shares follow the pack's weights")
        void sharesFollowWeights() {
            assertShares(cases.stream().collect(Collectors.groupingBy(SimCase::district, Collectors.counting())),
                    HAIKOU.districts().stream().collect(Collectors.toMap(PackFile.District::code, PackFile.District::weight)));
            assertShares(cases.stream().collect(Collectors.groupingBy(SimCase::caseType, Collectors.counting())),
                    weights(HAIKOU.caseTypes()));
            assertShares(cases.stream().collect(Collectors.groupingBy(SimCase::channel, Collectors.counting())),
                    weights(HAIKOU.channels()));
        }

        @Test
        @DisplayName("nights are quiet and late mornings busy (Asia/Shanghai)")
        void dailyCurve() {
            Map<Integer, Long> byHour = cases.stream().collect(Collectors.groupingBy(
                    c -> c.receivedAt().atZone(HAIKOU.zone()).getHour(), Collectors.counting()));
            assertThat(byHour.get(10)).isGreaterThan(8 * byHour.get(3));
            assertThat(byHour.get(15)).isGreaterThan(5 * byHour.get(2));
        }

        @Test
        @DisplayName("tourism disputes peak in the winter high season and over the Spring Festival")
        void tourismSeason() {
            double summer = tourismShare(cases);
            Instant festival = Instant.parse("2025-01-28T00:00:00Z");   // lunar new year's eve 2025
            double peak = tourismShare(cases(HAIKOU, 20190520L, festival, festival.plus(Duration.ofDays(5)), 60));
            assertThat(summer).isBetween(0.03, 0.06);
            assertThat(peak).isGreaterThan(3 * summer);
        }

        @Test
        @DisplayName("mass disputes occur, in labour, land and property types, with many parties and large sums")
        void massDisputes() {
            List<SimCase> mass = cases.stream().filter(c -> c.parties() >= CaseEvent.MASS_PARTIES).toList();
            assertThat(mass.size()).isBetween(cases.size() / 200, cases.size() / 40);
            assertThat(mass).extracting(SimCase::caseType).containsAnyOf("labour", "land_acquisition", "property_mgmt");
            assertThat(mass.stream().filter(c -> c.caseType().equals("labour")).mapToLong(SimCase::amountInvolvedFen).max().orElse(0))
                    .isGreaterThan(300_000_00L);
        }

        @Test
        @DisplayName("some cases are returned, some accepted late, some overdue, some closed the same day")
        void clocks() {
            int returned = 0;
            int lateAccept = 0;
            int overdue = 0;
            int sameDay = 0;
            int succeeded = 0;
            int concluded = 0;
            List<Integer> satisfaction = new ArrayList<>();
            for (SimCase c : cases) {
                Instant closeDue = HAIKOU.closeDue(c.caseType(), c.receivedAt());
                for (int i = 0; i < c.size(); i++) {
                    switch (c.kind(i)) {
                        case RETURNED -> returned++;
                        case ACCEPTED -> lateAccept += c.eventTime(i).isAfter(HAIKOU.acceptDue(c.receivedAt())) ? 1 : 0;
                        case MEDIATED, FAILED -> {
                            concluded++;
                            succeeded += c.kind(i) == EventKind.MEDIATED ? 1 : 0;
                            overdue += c.eventTime(i).isAfter(closeDue) ? 1 : 0;
                            sameDay += Duration.between(c.receivedAt(), c.eventTime(i)).toHours() < 12 ? 1 : 0;
                        }
                        case FOLLOWED_UP -> satisfaction.add(c.step(i).satisfaction());
                        default -> { }
                    }
                }
            }
            int n = cases.size();
            assertThat(returned).isBetween(n / 40, n / 10);
            assertThat(lateAccept).isBetween(n / 50, n / 8);
            assertThat(overdue).isBetween(n / 60, n / 12);
            assertThat(sameDay).isBetween(n / 20, n / 3);
            assertThat((double) succeeded / concluded).isBetween(0.95, 0.98);
            assertThat(satisfaction.stream().filter(s -> s >= 4).count()).isGreaterThan(satisfaction.size() * 8L / 10);
        }

        @Test
        @DisplayName("money disputes recover part or all of the amount on success, never more")
        void amounts() {
            long withMoney = 0;
            for (CaseEvent e : parsed) {
                assertThat(e.amountRecoveredFen()).isLessThanOrEqualTo(e.amountInvolvedFen());
                if (e.amountRecoveredFen() > 0) {
                    assertThat(e.kind()).isEqualTo(EventKind.MEDIATED);
                    withMoney++;
                }
            }
            assertThat(withMoney).isGreaterThan(cases.size() / 3);
        }

        @Test
        @DisplayName("callers have a name, an 11-digit mobile and an address; mediators come from small pools")
        void people() {
            for (SimCase c : cases.subList(0, 500)) {
                assertThat(c.caller().name()).hasSizeBetween(2, 3);
                assertThat(c.caller().phone()).matches("1[3-9][0-9]{9}");
                assertThat(c.caller().address()).startsWith(HAIKOU.districtName(c.district()) + c.town());
                assertThat(c.summary()).isNotBlank();
            }
            long mediators = events.stream().filter(e -> e.has("mediator")).map(e -> e.get("mediator").textValue()).distinct().count();
            assertThat(mediators).isBetween(100L, 400L);
        }
    }

    private static List<CaseEvent> parseAll(Pack pack, List<JsonNode> events) {
        EventParser parser = new EventParser(pack, Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<CaseEvent> out = new ArrayList<>(events.size());
        Map<String, Integer> rejections = new HashMap<>();
        for (JsonNode e : events) {
            try {
                out.add(parser.parse(e, "test"));
            } catch (InvalidEventException ex) {
                rejections.merge(ex.field() + ":" + ex.code() + " " + e, 1, Integer::sum);
            }
        }
        assertThat(rejections).as("rejected events").isEmpty();
        return out;
    }

    /** The event ids of the first 100 lines. */
    private static List<String> ids(String ndjson) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : ndjson.lines().limit(100).toList()) {
            ids.add(JSON.readTree(line).get("eventId").textValue());
        }
        return ids;
    }

    private static Map<String, Double> weights(List<PackFile.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(PackFile.Entry::code, PackFile.Entry::weight));
    }

    /** Each share within 30% (relative) of its weight's share, or 1.5 points for small ones. */
    private static void assertShares(Map<String, Long> counts, Map<String, Double> weights) {
        double total = counts.values().stream().mapToLong(Long::longValue).sum();
        double weightTotal = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(counts.keySet()).isSubsetOf(weights.keySet());
        weights.forEach((code, w) -> {
            double expected = w / weightTotal;
            double actual = counts.getOrDefault(code, 0L) / total;
            assertThat(actual).as(code).isCloseTo(expected, within(Math.max(0.015, expected * 0.3)));
        });
    }

    private static double tourismShare(List<SimCase> cases) {
        return cases.stream().filter(c -> c.caseType().equals("tourism")).count() / (double) cases.size();
    }
}
