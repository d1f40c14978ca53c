package cn.haikou.mediation.ingest;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Caller;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one JSON event into a {@link CaseEvent}, or refuses it naming the first offending field.
 * Everything is checked against the pack (district, town, case type, channel, committee) and
 * against common sense (times, amounts, sizes), so that nothing invalid is ever stored.
 *
 * <p>The {@code source} is never read from the body: it is the authenticated API key's source.
 */
public final class EventParser {

    /** Events may be stamped slightly ahead of this server's clock (unsynchronised sources). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final String ID_PUNCTUATION = "._:@/+#-";
    private static final Pattern PHONE = Pattern.compile("[0-9+() -]{0,32}");
    private static final BigDecimal MAX_AMOUNT_YUAN = new BigDecimal("100000000000");
    private static final int MAX_PARTIES = 100_000;
    private static final int MAX_ATTRIBUTES = 32;

    private static final Set<String> FIELDS = Set.of("eventId", "caseId", "kind", "eventTime", "receivedAt", "district",
            "town", "caseType", "channel", "committee", "mediator", "parties", "amountInvolved", "amountRecovered",
            "satisfaction", "outcome", "caller", "summary", "attributes");
    private static final Set<String> CALLER_FIELDS = Set.of("name", "phone", "address");

    private final Pack pack;
    private final Clock clock;

    public EventParser(Pack pack, Clock clock) {
        this.pack = pack;
        this.clock = clock;
    }

    public Pack pack() {
        return pack;
    }

    public CaseEvent parse(JsonNode json, String source) throws InvalidEventException {
        if (json == null || !json.isObject()) {
            throw new InvalidEventException("", "not_an_object", "an event must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidEventException(name, "unknown_field", "unknown field '" + name + "'");
            }
        }
        String eventId = id(json, "eventId");
        String caseId = id(json, "caseId");
        String kindCode = text(json, "kind", true, 32);
        EventKind kind = EventKind.fromCode(kindCode).orElseThrow(() ->
                new InvalidEventException("kind", "unknown_kind", "unknown event kind '" + kindCode + "'"));

        Instant now = clock.instant();
        Instant eventTime = time(json, "eventTime", now);
        Instant receivedAt = time(json, "receivedAt", now);
        if (eventTime.isBefore(receivedAt)) {
            throw new InvalidEventException("eventTime", "before_received", "eventTime " + eventTime
                    + " is before the case was received (" + receivedAt + ")");
        }
        if (kind == EventKind.RECEIVED && !eventTime.equals(receivedAt)) {
            throw new InvalidEventException("receivedAt", "received_mismatch", "a received event's receivedAt must equal its eventTime");
        }

        String district = text(json, "district", true, 32);
        if (!pack.hasDistrict(district)) {
            throw new InvalidEventException("district", "unknown_district", "unknown district '" + district + "' in pack " + pack.id());
        }
        String town = text(json, "town", true, 64);
        if (!pack.hasTown(district, town)) {
            throw new InvalidEventException("town", "unknown_town", "'" + town + "' is not a town of district " + district);
        }
        String caseType = text(json, "caseType", true, 64);
        if (!pack.hasCaseType(caseType)) {
            throw new InvalidEventException("caseType", "unknown_case_type", "unknown case type '" + caseType + "'");
        }
        String channel = text(json, "channel", true, 32);
        if (!pack.hasChannel(channel)) {
            throw new InvalidEventException("channel", "unknown_channel", "unknown channel '" + channel + "'");
        }
        String committee = text(json, "committee", false, 64);
        if (!committee.isEmpty() && !pack.acceptsCommittee(committee)) {
            throw new InvalidEventException("committee", "unknown_committee", "unknown committee '" + committee + "'");
        }
        String mediator = text(json, "mediator", false, 64);
        int parties = integer(json, "parties", 1, 1, MAX_PARTIES);
        long involved = amount(json, "amountInvolved");
        long recovered = amount(json, "amountRecovered");

        int satisfaction = 0;
        if (kind == EventKind.FOLLOWED_UP) {
            if (!json.hasNonNull("satisfaction")) {
                throw new InvalidEventException("satisfaction", "required", "a followed_up event must carry satisfaction 1-5");
            }
            satisfaction = integer(json, "satisfaction", 0, 1, 5);
        } else if (json.hasNonNull("satisfaction")) {
            throw new InvalidEventException("satisfaction", "not_allowed", "satisfaction belongs on followed_up events only");
        }

        String outcome = text(json, "outcome", kind == EventKind.REFERRED, 200);
        if (kind == EventKind.REFERRED && !pack.hasReferralTarget(outcome)) {
            throw new InvalidEventException("outcome", "unknown_referral_target", "unknown referral target '" + outcome + "'");
        }

        Caller caller = caller(json.get("caller"));
        String summary = text(json, "summary", false, 2000);
        Map<String, String> attributes = attributes(json.get("attributes"));

        return new CaseEvent(eventId, caseId, kind, eventTime, receivedAt, now, source, district, town, caseType, channel,
                committee, mediator, parties, involved, recovered, satisfaction, outcome,
                pack.acceptDue(receivedAt), pack.closeDue(caseType, receivedAt), caller, summary, attributes);
    }

    private static String id(JsonNode json, String field) throws InvalidEventException {
        String value = text(json, field, true, 64);
        if (!isId(value)) {
            throw new InvalidEventException(field, "invalid_id", field + " may hold only letters, digits and ._:@/+#- (1-64 characters)");
        }
        return value;
    }

    /** {@code [A-Za-z0-9._:@/+#-]{1,64}}, checked by hand: two ids per event made the regex a hot spot. */
    static boolean isId(String value) {
        if (value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ID_PUNCTUATION.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode json, String field, boolean required, int maxLength) throws InvalidEventException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidEventException(field, "required", field + " is required");
            }
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(field, "not_a_string", field + " must be a string");
        }
        String value = node.textValue();
        if (required && value.isBlank()) {
            throw new InvalidEventException(field, "required", field + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new InvalidEventException(field, "too_long", field + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                throw new InvalidEventException(field, "control_character", field + " contains a control character");
            }
        }
        return value;
    }

    private static Instant time(JsonNode json, String field, Instant now) throws InvalidEventException {
        String text = text(json, field, true, 40);
        Instant instant;
        try {
            instant = IsoInstant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field, "invalid_time", field + " must be an ISO-8601 time with an offset, e.g. 2026-11-30T15:04:05+08:00");
        }
        if (instant.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new InvalidEventException(field, "in_future", field + " " + text + " is in the future");
        }
        if (instant.isBefore(EARLIEST)) {
            throw new InvalidEventException(field, "too_old", field + " is before 2000");
        }
        return instant;
    }

    private static int integer(JsonNode json, String field, int absent, int min, int max) throws InvalidEventException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidEventException(field, "not_an_integer", field + " must be an integer");
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new InvalidEventException(field, "out_of_range", field + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** Yuan with at most two decimals, returned in fen. */
    private static long amount(JsonNode json, String field) throws InvalidEventException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isNumber()) {
            throw new InvalidEventException(field, "not_a_number", field + " must be a number (yuan)");
        }
        BigDecimal yuan = node.decimalValue();
        if (yuan.signum() < 0) {
            throw new InvalidEventException(field, "negative", field + " must not be negative");
        }
        if (yuan.compareTo(MAX_AMOUNT_YUAN) > 0) {
            throw new InvalidEventException(field, "out_of_range", field + " is larger than " + MAX_AMOUNT_YUAN.toPlainString() + " yuan");
        }
        if (yuan.stripTrailingZeros().scale() > 2) {
            throw new InvalidEventException(field, "too_precise", field + " may have at most 2 decimal places");
        }
        return yuan.movePointRight(2).longValueExact();
    }

    private static Caller caller(JsonNode node) throws InvalidEventException {
        if (node == null || node.isNull()) {
            return Caller.NONE;
        }
        if (!node.isObject()) {
            throw new InvalidEventException("caller", "not_an_object", "caller must be an object with name, phone, address");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CALLER_FIELDS.contains(name)) {
                throw new InvalidEventException("caller." + name, "unknown_field", "unknown field 'caller." + name + "'");
            }
        }
        String phone = prefixed("caller.", () -> text(node, "phone", false, 32));
        if (!PHONE.matcher(phone).matches()) {
            throw new InvalidEventException("caller.phone", "invalid_phone", "caller.phone may hold digits, spaces and +()-");
        }
        return new Caller(prefixed("caller.", () -> text(node, "name", false, 64)), phone,
                prefixed("caller.", () -> text(node, "address", false, 256)));
    }

    private static Map<String, String> attributes(JsonNode node) throws InvalidEventException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidEventException("attributes", "not_an_object", "attributes must be an object of strings");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw new InvalidEventException("attributes", "too_many", "at most " + MAX_ATTRIBUTES + " attributes");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "attributes." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > 64) {
                throw new InvalidEventException(field, "invalid_key", "attribute names must be 1-64 characters");
            }
            if (!e.getValue().isTextual() || e.getValue().textValue().length() > 1024) {
                throw new InvalidEventException(field, "invalid_value", "attribute values must be strings of at most 1024 characters");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private interface FieldRead {
        String read() throws InvalidEventException;
    }

    private static String prefixed(String prefix, FieldRead read) throws InvalidEventException {
        try {
            return read.read();
        } catch (InvalidEventException e) {
            throw new InvalidEventException(prefix + e.field(), e.code(), prefix + e.getMessage());
        }
    }
}
