package cn.haikou.mediation.domain;

import java.util.List;
import java.util.Map;

/**
 * A city's pack as written in YAML (see {@code packs/haikou.yaml}): its region hierarchy, case
 * types, channels, committees, clocks, and how its historical CSV exports map onto events.
 * {@link Pack} is the validated, indexed form the server uses.
 */
public record PackFile(
        String id,
        String name,
        String code,
        String timeZone,
        Clocks clocks,
        List<District> districts,
        List<Entry> caseTypes,
        List<Entry> channels,
        List<Entry> committees,
        List<Entry> referralTargets,
        CsvMapping csvImport) {

    /** Accept within {@code acceptHours} of receipt; conclude within {@code closeDays} unless the type says otherwise. */
    public record Clocks(double acceptHours, int closeDays) {
    }

    /** A district and its towns/streets. {@code weight} shapes the simulator's stream only. */
    public record District(String code, String name, Double weight, List<String> towns, List<Double> center) {
    }

    /** A code with its display name; {@code closeDays} overrides the pack's clock for a case type. */
    public record Entry(String code, String name, Double weight, Integer closeDays) {
    }

    /**
     * How one CSV row (one historical case) becomes events: a {@code received} event at
     * {@code receivedAt}, and, if {@code closedAt} is set, a {@code closedKind} event then.
     * {@code columns} maps event fields to CSV headers; {@code values} maps raw CSV values to pack
     * codes per field; {@code defaults} fill fields whose column is absent or empty.
     */
    public record CsvMapping(String timeZone, String dateFormat, String closedKind, Map<String, String> columns,
                             Map<String, Map<String, String>> values, Map<String, String> defaults) {
    }
}
