package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pack's {@code csvImport} section, checked once when the importer is built (a typo in the pack
 * fails start-up, not every import) and ready to apply to cells.
 *
 * <p>A field's value is the trimmed cell of its column (line breaks as LF), else the mapping's
 * default; then the mapping's {@code values} translate it, else a value equal to a pack entry's
 * display name (秀英区, 劳动争议(含欠薪), 12345热线) becomes that entry's code, else it is passed on
 * as it is, for validation to judge.
 */
final class ImportMapping {

    /** The fields {@code csvImport.columns} may map, as {@link RowMapper} turns them into ingest JSON. */
    static final Set<String> FIELDS = Set.of("caseId", "receivedAt", "closedAt", "district", "town", "caseType", "channel",
            "committee", "mediator", "summary", "address", "callerName", "callerPhone", "parties", "amountInvolved",
            "amountRecovered");

    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final Map<String, String> defaults;
    private final Map<String, Map<String, String>> codesByName;
    private final DateTimeFormatter dateFormat;
    private final ZoneId zone;
    private final EventKind closedKind;

    private ImportMapping(Pack pack, PackFile.CsvMapping mapping) {
        this.columns = mapping.columns() == null ? Map.of() : Map.copyOf(mapping.columns());
        this.values = mapping.values() == null ? Map.of() : Map.copyOf(mapping.values());
        this.defaults = mapping.defaults() == null ? Map.of() : Map.copyOf(mapping.defaults());
        Set<String> named = new HashSet<>(columns.keySet());
        named.addAll(values.keySet());
        named.addAll(defaults.keySet());
        named.removeAll(FIELDS);
        if (!named.isEmpty()) {
            throw invalid(pack, "names unknown field(s) " + named + "; known fields: " + FIELDS);
        }
        for (String required : List.of("caseId", "receivedAt")) {
            if (!columns.containsKey(required)) {
                throw invalid(pack, "must map a column to " + required);
            }
        }
        String closed = mapping.closedKind() == null ? EventKind.MEDIATED.code() : mapping.closedKind();
        this.closedKind = EventKind.fromCode(closed).filter(k -> k != EventKind.RECEIVED)
                .orElseThrow(() -> invalid(pack, "closedKind '" + closed + "' is not an event kind that closes a case"));
        try {
            this.zone = mapping.timeZone() == null ? pack.zone() : ZoneId.of(mapping.timeZone());
            // Strict, so that 2024-02-30 is refused rather than read as 29 February; strict
            // resolution of a year-of-era (yyyy) needs the era, which exports never write.
            this.dateFormat = new DateTimeFormatterBuilder().parseCaseInsensitive()
                    .appendPattern(mapping.dateFormat() == null ? "yyyy-MM-dd HH:mm:ss" : mapping.dateFormat())
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalid(pack, "timeZone or dateFormat is invalid: " + e.getMessage());
        }
        this.codesByName = Map.of(
                "district", names(pack.districts().stream().map(d -> new PackFile.Entry(d.code(), d.name(), null, null)).toList()),
                "caseType", names(pack.caseTypes()),
                "channel", names(pack.channels()),
                "committee", names(pack.committees()));
    }

    /** The pack's mapping, or empty when the pack has none (it then cannot import CSV). */
    static Optional<ImportMapping> of(Pack pack) {
        return pack.csvImport().map(m -> new ImportMapping(pack, m));
    }

    /** Field -> CSV header. */
    Map<String, String> columns() {
        return columns;
    }

    boolean hasDefault(String field) {
        String d = defaults.get(field);
        return d != null && !d.isBlank();
    }

    EventKind closedKind() {
        return closedKind;
    }

    /** The value of {@code field} given its cell ("" when the column is absent); null when empty with no default. */
    String value(String field, String cell) {
        String raw = cell.trim();
        if (raw.indexOf('\r') >= 0) {
            // Windows exports put CRLF inside multi-line cells; ingest refuses CR (a control
            // character), and the line break is what the cell means.
            raw = raw.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (raw.isEmpty()) {
            raw = defaults.get(field);
            if (raw == null || raw.isBlank()) {
                return null;
            }
        }
        String mapped = values.getOrDefault(field, Map.of()).get(raw);
        if (mapped != null) {
            return mapped;
        }
        return codesByName.getOrDefault(field, Map.of()).getOrDefault(raw, raw);
    }

    /**
     * Reads a time in the mapping's format; without an offset in the text it is wall-clock time in
     * the mapping's zone (a time in a DST gap moves forward, one in the repeated hour takes the
     * earlier offset: java.time's rule). A date alone means its midnight.
     */
    OffsetDateTime time(String text) throws DateTimeException {
        // One parse and queries, not parseBest: parseBest throws (and fills a stack trace) for each
        // shape it tries, which made time parsing 80% of an import's CPU.
        TemporalAccessor parsed = dateFormat.parse(text);
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("no date in '" + text + "'");
        }
        LocalTime timeOfDay = parsed.query(TemporalQueries.localTime());
        ZoneId stated = parsed.query(TemporalQueries.zone());
        return ZonedDateTime.ofLocal(LocalDateTime.of(date, timeOfDay == null ? LocalTime.MIDNIGHT : timeOfDay),
                stated != null ? stated : zone, null).toOffsetDateTime();
    }

    /** Display name -> code, leaving out names that are ambiguous or that are some entry's code. */
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

    private static IllegalArgumentException invalid(Pack pack, String problem) {
        return new IllegalArgumentException("pack " + pack.id() + ": csvImport " + problem);
    }
}
