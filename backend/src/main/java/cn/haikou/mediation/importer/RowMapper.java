package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.ingest.InvalidEventException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link ImportMapping} to the records of one file (whose header says where each column
 * is): the events of each case as JSON shaped exactly like the ingest API's, so that
 * {@link cn.haikou.mediation.ingest.EventParser} judges imported history by the same rules as live
 * events. Event ids derive from the case id, which makes re-importing idempotent.
 */
final class RowMapper {

    static final String RECEIVED_SUFFIX = ":received";
    static final String CLOSED_SUFFIX = ":closed";

    /** The mapping fields copied into every event of the case, as the ingest API names them. */
    private static final List<String> ENVELOPE = List.of("district", "town", "caseType", "channel", "committee", "mediator",
            "summary");
    private static final Map<String, String> CALLER = Map.of("address", "address", "callerName", "name", "callerPhone", "phone");
    /** Without these no event can be valid, so a file lacking their column (and a default) is refused whole. */
    private static final List<String> REQUIRED = List.of("caseId", "receivedAt", "district", "town", "caseType", "channel");

    private final ImportMapping mapping;
    private final Map<String, Integer> indexByField = new HashMap<>();

    /**
     * @param header the file's column names, in order
     * @throws ImportFailedException when a required field has neither a column in the file nor a
     *                               default, so that not one row could be stored
     */
    RowMapper(ImportMapping mapping, List<String> header) throws ImportFailedException {
        this.mapping = mapping;
        Map<String, Integer> indexByColumn = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            indexByColumn.putIfAbsent(header.get(i).trim(), i);
        }
        mapping.columns().forEach((field, column) -> {
            Integer index = indexByColumn.get(column);
            if (index != null) {
                indexByField.put(field, index);
            }
        });
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            if (!indexByField.containsKey(field) && !mapping.hasDefault(field)) {
                String column = mapping.columns().get(field);
                missing.add(field + (column != null ? " (column '" + column + "')" : " (no column mapped)"));
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
        closed.put("eventId", caseId + CLOSED_SUFFIX).put("kind", mapping.closedKind().code()).put("eventTime", closedAt);
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

    /** Yuan, with thousands separators tolerated; the parser checks sign, size and precision. */
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

    /** The field's time as ISO-8601 with its offset, as the ingest API takes it; null when empty. */
    private String time(List<String> record, String field) throws InvalidEventException {
        String v = value(record, field);
        if (v == null) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(mapping.time(v));
        } catch (DateTimeException e) {
            throw new InvalidEventException(field, "invalid_time", describe(field) + "'" + v
                    + "' is not a time in the format the pack's csvImport.dateFormat expects");
        }
    }

    private String value(List<String> record, String field) {
        Integer index = indexByField.get(field);
        return mapping.value(field, index != null && index < record.size() ? record.get(index) : "");
    }

    private String describe(String field) {
        String column = mapping.columns().get(field);
        return column != null && indexByField.containsKey(field) ? "column '" + column + "': " : "";
    }
}
