package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.Pack;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What importing a NYC 311 file must store, computed here from the CSV on its own (Jackson's
 * header-to-map reader, not the importer's code) with the acceptance rules written out:
 * <ol>
 *   <li>Borough is one of the five boroughs ("Unspecified" is not);</li>
 *   <li>Community Board is a board of that borough in the nyc311 pack;</li>
 *   <li>Complaint Type is a case type of the pack;</li>
 *   <li>the channel (Open Data Channel Type, or UNKNOWN when the column is missing or empty) is a channel of the pack;</li>
 *   <li>Created Date is a valid MM/dd/yyyy hh:mm:ss a time in New York, in 2000 or later;</li>
 *   <li>Closed Date is empty, or a valid time no earlier than Created Date;</li>
 *   <li>Descriptor has at most 2,000 characters and Incident Address at most 256 (the ingest limits).</li>
 * </ol>
 */
final class Nyc311Expectation {

    private static final Set<String> BOROUGHS = Set.of("MANHATTAN", "BRONX", "BROOKLYN", "QUEENS", "STATEN ISLAND");
    private static final DateTimeFormatter NYC_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant YEAR_2000 = Instant.parse("2000-01-01T00:00:00Z");

    int rows;
    int accepted;
    int closed;
    final Map<String, Long> receivedByBorough = new TreeMap<>();
    final Map<String, Long> receivedByType = new TreeMap<>();
    final Map<String, Long> receivedByChannel = new TreeMap<>();
    final Set<String> rejectedKeys = new HashSet<>();

    int rejected() {
        return rows - accepted;
    }

    static Nyc311Expectation of(Path file) {
        Pack pack = Pack.load("nyc311");
        Nyc311Expectation e = new Nyc311Expectation();
        CsvSchema withHeader = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(withHeader)
                .readValues(file.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                e.rows++;
                String key = cell(row, "Unique Key");
                String borough = cell(row, "Borough");
                String board = cell(row, "Community Board");
                String type = cell(row, "Complaint Type");
                String channel = cell(row, "Open Data Channel Type").isEmpty() ? "UNKNOWN" : cell(row, "Open Data Channel Type");
                Instant created = time(cell(row, "Created Date"));
                String closedText = cell(row, "Closed Date");
                Instant closed = closedText.isEmpty() ? null : time(closedText);

                boolean accepted = BOROUGHS.contains(borough)
                        && pack.hasTown(borough, board)
                        && pack.hasCaseType(type)
                        && pack.hasChannel(channel)
                        && created != null && !created.isBefore(YEAR_2000)
                        && (closedText.isEmpty() || (closed != null && !closed.isBefore(created)))
                        && cell(row, "Descriptor").length() <= 2000
                        && cell(row, "Incident Address").length() <= 256;
                if (!accepted) {
                    e.rejectedKeys.add(key);
                    continue;
                }
                e.accepted++;
                if (closed != null) {
                    e.closed++;
                }
                e.receivedByBorough.merge(borough, 1L, Long::sum);
                e.receivedByType.merge(type, 1L, Long::sum);
                e.receivedByChannel.merge(channel, 1L, Long::sum);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return e;
    }

    private static String cell(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null ? "" : v.trim();
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, NYC_TIME).atZone(NEW_YORK).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
