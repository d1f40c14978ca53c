package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import cn.haikou.mediation.ingest.InvalidEventException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a pack's {@code csvImport} mapping to one CSV record: the events of the case as JSON
 * shaped exactly like the ingest API's, so that {@link cn.haikou.mediation.ingest.EventParser}
 * judges imported history by the same rules as live events.
 *
 * <p>A field's value is the trimmed cell of its column, else the mapping's default; then the
 * mapping's {@code values} translate it, else a value equal to a pack entry's display name (秀英区,
 * 劳动争议(含欠薪)) becomes that entry's code, else it is passed on as it is.
 */
final class RowMapper {

    static final String RECEIVED_SUFFIX = ":received";
    static final String CLOSED_SUFFIX = ":closed";

    /** The mapping fields copied into every event of the case, as the ingest API names them. */
    private static final List<String> ENVELOPE = List.of("district", "town", "caseType", "channel", "committee", "mediator",
            "summary");
    private static final Map<String, String> CALLER = Map.of("address", "address", "callerName", "name", "callerPhone", "phone");
    private static final Set<String> KNOWN = Set.of("caseId", "receivedAt", "closedAt", "district", "town", "caseType",
            "channel", "committee", "mediator", "summary", "address", "callerName", "callerPhone", "parties",
            "amountInvolved", "amountRecovered");
    /** Without these no event can be valid, so a file lacking their column (and a default) is refused whole. */
    private static final List<String> REQUIRED = List.of("caseId", "receivedAt", "district", "town", "caseType", "channel");

    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final Map<String, String> defaults;
    private final Map<String, Map<String, String>> codesByName;
    private final Map<String, Integer> indexByField = new HashMap<>();
    private final DateTimeFormatter dateFormat;
    private final ZoneId zone;
    private final EventKind closedKind;

    /**
     * @param header the file's column names, in order
     * @throws ImportFailedException when the file cannot yield a single valid event (a required column is missing)
     */
    RowMapper(Pack pack, List<String> header) throws ImportFailedException {
        PackFile.CsvMapping mapping = pack.csvImport().orElseThrow(() ->
                new IllegalArgumentException("pack " + pack.id() + " has no csvImport mapping"));
        this.columns = mapping.columns() == null ? Map.of() : mapping.columns();
        this.values = mapping.values() == null ? Map.of() : mapping.values();
        this.defaults = mapping.defaults() == null ? Map.of() : mapping.defaults();
        for (String field : columns.keySet()) {
            if (!KNOWN.contains(field)) {
                throw new IllegalArgumentException("pack " + pack.id() + ": csvImport.columns names unknown field '" + field
                        + "'; known fields: " + KNOWN);
            }
        }
        String closed = mapping.closedKind() == null ? "mediated" : mapping.closedKind();
        this.closedKind = EventKind.fromCode(closed).filter(k -> k != EventKind.RECEIVED).orElseThrow(() ->
                new IllegalArgumentException("pack " + pack.id() + ": csvImport.closedKind '" + closed + "' is not a closing event kind"));
        this.zone = mapping.timeZone() == null ? pack.zone() : ZoneId.of(mapping.timeZone());
        this.dateFormat = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern(mapping.dateFormat() == null ? "yyyy-MM-dd HH:mm:ss" : mapping.dateFormat())
                .toFormatter(Locale.US);
        this.codesByName = Map.of(
                "district", names(pack.districts().stream().map(d -> new PackFile.Entry(d.code(), d.name(), null, null)).toList()),
                "caseType", names(pack.caseTypes()),
                "channel", names(pack.channels()),
                "committee", names(pack.committees()));

        Map<String, Integer> indexByColumn = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            indexByColumn.putIfAbsent(header.get(i).trim(), i);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            Integer index = indexByColumn.get(c.getValue());
            if (index != null) {
                indexByField.put(c.getKey(), index);
            }
        }
        for (String field : REQUIRED) {
            if (!indexByField.containsKey(field) && blank(defaults.get(field))) {
                missing.add(field + (columns.containsKey(field) ? " (column '" + columns.get(field) + "')" : " (no column mapped)"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ImportFailedException("the file has no column for " + String.join(", ", missing)
                    + " and the pack gives no default, so no row could be imported; the file's columns are " + header);
        }
    }

    /** The case's events: {@code received}, then the closing event when the row has a close time. */
    List<ObjectNode> events(List<String> record) throws InvalidEventException {
        String caseId = value(record, "caseId");
        if (caseId == null) {
            throw new InvalidEventException("caseId", "required", describe("caseId") + "caseId is required");
        }
        String receivedAt = time(record, "receivedAt");
        if (receivedAt == null) {
            throw new InvalidEventException("receivedAt", "required", describe("receivedAt") + "receivedAt is required");
        }
        String closedAt = time(record, "closedAt");

        ObjectNode received = envelope(record, caseId, receivedAt);
        received.put("eventId", caseId + RECEIVED_SUFFIX).put("kind", EventKind.RECEIVED.code()).put("eventTime", receivedAt);
        if (closedAt == null) {
            return List.of(received);
        }
        ObjectNode closed = envelope(record, caseId, receivedAt);
        closed.put("eventId", caseId + CLOSED_SUFFIX).put("kind", closedKind.code()).put("eventTime", closedAt);
        number(record, "amountRecovered", closed);
        return List.of(received, closed);
    }

    /** The row's case id as far as it can be read, for the report; null when empty. */
    String caseId(List<String> record) {
        return value(record, "caseId");
    }

    /**
     * Restates the parser's complaint about event {@code index} of a row in the mapping's terms: the
     * field as {@code csvImport.columns} names it and the CSV column it came from.
     */
    InvalidEventException explain(InvalidEventException e, int index) {
        String field = switch (e.field()) {
            case "eventId" -> "caseId";
            case "eventTime" -> index == 0 ? "receivedAt" : "closedAt";
            case "caller.address" -> "address";
            case "caller.name" -> "callerName";
            case "caller.phone" -> "callerPhone";
            default -> e.field();
        };
        return new InvalidEventException(field, e.code(), describe(field) + e.getMessage());
    }

    private ObjectNode envelope(List<String> record, String caseId, String receivedAt) throws InvalidEventException {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("caseId", caseId).put("receivedAt", receivedAt);
        for (String field : ENVELOPE) {
            String v = value(record, field);
            if (v != null) {
                event.put(field, v);
            }
        }
        ObjectNode caller = null;
        for (Map.Entry<String, String> c : CALLER.entrySet()) {
            String v = value(record, c.getKey());
            if (v != null) {
                if (caller == null) {
                    caller = event.putObject("caller");
                }
                caller.put(c.getValue(), v);
            }
        }
        String parties = value(record, "parties");
        if (parties != null) {
            try {
                event.put("parties", Integer.parseInt(parties));
            } catch (NumberFormatException e) {
                throw new InvalidEventException("parties", "not_an_integer", describe("parties") + "'" + parties + "' is not an integer");
            }
        }
        number(record, "amountInvolved", event);
        return event;
    }

    private void number(List<String> record, String field, ObjectNode event) throws InvalidEventException {
        String v = value(record, field);
        if (v == null) {
            return;
        }
        try {
            event.put(field, new BigDecimal(v.replace(",", "")));
        } catch (NumberFormatException e) {
            throw new InvalidEventException(field, "not_a_number", describe(field) + "'" + v + "' is not a number (yuan)");
        }
    }

    /** The field's time as ISO-8601 with the offset the mapping's zone had then; null when empty. */
    private String time(List<String> record, String field) throws InvalidEventException {
        String v = value(record, field);
        if (v == null) {
            return null;
        }
        try {
            TemporalAccessor parsed = dateFormat.parseBest(v, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
            OffsetDateTime at;
            if (parsed instanceof ZonedDateTime z) {
                at = z.toOffsetDateTime();
            } else if (parsed instanceof OffsetDateTime o) {
                at = o;
            } else if (parsed instanceof LocalDateTime l) {
                // A wall-clock time in a DST gap moves forward and one in the repeated hour takes the
                // earlier offset (java.time's rule), as the hotline's own clock would have read it.
                at = l.atZone(zone).toOffsetDateTime();
            } else {
                at = ((LocalDate) parsed).atStartOfDay(zone).toOffsetDateTime();
            }
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at);
        } catch (DateTimeException e) {
            throw new InvalidEventException(field, "invalid_time", describe(field) + "'" + v + "' is not a time in the format "
                    + "the pack's csvImport.dateFormat expects");
        }
    }

    /** The mapped value of {@code field} for this record, or null when it is empty and has no default. */
    private String value(List<String> record, String field) {
        Integer index = indexByField.get(field);
        String raw = index != null && index < record.size() ? record.get(index).trim() : "";
        if (raw.isEmpty()) {
            raw = defaults.get(field);
            if (blank(raw)) {
                return null;
            }
        }
        String mapped = values.getOrDefault(field, Map.of()).get(raw);
        if (mapped != null) {
            return mapped;
        }
        return codesByName.getOrDefault(field, Map.of()).getOrDefault(raw, raw);
    }

    private String describe(String field) {
        String column = columns.get(field);
        return column != null && indexByField.containsKey(field) ? "column '" + column + "': " : "";
    }

    /** Display name -> code, leaving out names that are ambiguous or that are some other entry's code. */
    private static Map<String, String> names(List<PackFile.Entry> entries) {
        Set<String> codes = new HashSet<>();
        entries.forEach(e -> codes.add(e.code()));
        Map<String, String> byName = new LinkedHashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (PackFile.Entry e : entries) {
            if (e.name() == null || codes.contains(e.name())) {
                continue;
            }
            if (byName.putIfAbsent(e.name(), e.code()) != null) {
                ambiguous.add(e.name());
            }
        }
        ambiguous.forEach(byName::remove);
        return Map.copyOf(byName);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
