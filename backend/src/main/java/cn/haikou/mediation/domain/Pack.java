package cn.haikou.mediation.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A city's configuration, validated and indexed: which districts, towns, case types, channels and
 * committees exist, and the clocks a case runs against. A city is a pack file, not code: the
 * built-in packs are {@code haikou} (the default) and {@code nyc311}; any other is a file path.
 */
public final class Pack {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PackFile file;
    private final ZoneId zone;
    private final Map<String, PackFile.District> districts;
    private final Map<String, Set<String>> townsByDistrict;
    private final Map<String, PackFile.Entry> caseTypes;
    private final Map<String, PackFile.Entry> channels;
    private final Map<String, PackFile.Entry> committees;
    private final Map<String, PackFile.Entry> referralTargets;

    private Pack(PackFile file) {
        this.file = file;
        this.zone = ZoneId.of(require(file.timeZone(), "timeZone"));
        require(file.id(), "id");
        require(file.clocks(), "clocks");
        this.districts = index(require(file.districts(), "districts"), PackFile.District::code, "district");
        this.townsByDistrict = file.districts().stream().collect(Collectors.toUnmodifiableMap(
                PackFile.District::code, d -> Set.copyOf(require(d.towns(), "towns of " + d.code()))));
        this.caseTypes = index(require(file.caseTypes(), "caseTypes"), PackFile.Entry::code, "case type");
        this.channels = index(require(file.channels(), "channels"), PackFile.Entry::code, "channel");
        this.committees = index(file.committees() == null ? List.of() : file.committees(), PackFile.Entry::code, "committee");
        this.referralTargets = index(file.referralTargets() == null ? List.of() : file.referralTargets(), PackFile.Entry::code,
                "referral target");
    }

    /** {@code haikou}, {@code nyc311}, or the path of a pack file. */
    public static Pack load(String nameOrPath) {
        try {
            if (nameOrPath.matches("[a-z0-9_-]+")) {
                try (InputStream in = Pack.class.getResourceAsStream("/packs/" + nameOrPath + ".yaml")) {
                    if (in != null) {
                        return new Pack(YAML.readValue(in, PackFile.class));
                    }
                }
            }
            Path path = Path.of(nameOrPath);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no built-in pack named '" + nameOrPath + "' (haikou, nyc311) and no file at "
                        + path.toAbsolutePath());
            }
            return new Pack(YAML.readValue(path.toFile(), PackFile.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("pack " + nameOrPath + " cannot be read: " + e.getMessage(), e);
        }
    }

    public String id() {
        return file.id();
    }

    public String name() {
        return file.name();
    }

    public ZoneId zone() {
        return zone;
    }

    public PackFile file() {
        return file;
    }

    public List<PackFile.District> districts() {
        return file.districts();
    }

    public List<PackFile.Entry> caseTypes() {
        return file.caseTypes();
    }

    public List<PackFile.Entry> channels() {
        return file.channels();
    }

    public List<PackFile.Entry> committees() {
        return file.committees() == null ? List.of() : file.committees();
    }

    public List<PackFile.Entry> referralTargets() {
        return file.referralTargets() == null ? List.of() : file.referralTargets();
    }

    public Optional<PackFile.CsvMapping> csvImport() {
        return Optional.ofNullable(file.csvImport());
    }

    public boolean hasDistrict(String code) {
        return districts.containsKey(code);
    }

    public boolean hasTown(String district, String town) {
        Set<String> towns = townsByDistrict.get(district);
        return towns != null && towns.contains(town);
    }

    public boolean hasCaseType(String code) {
        return caseTypes.containsKey(code);
    }

    public boolean hasChannel(String code) {
        return channels.containsKey(code);
    }

    /** A pack without a committee list accepts any committee name. */
    public boolean acceptsCommittee(String code) {
        return committees.isEmpty() || committees.containsKey(code);
    }

    public boolean hasReferralTarget(String code) {
        return referralTargets.isEmpty() || referralTargets.containsKey(code);
    }

    public String districtName(String code) {
        PackFile.District d = districts.get(code);
        return d == null ? code : d.name();
    }

    public String caseTypeName(String code) {
        PackFile.Entry e = caseTypes.get(code);
        return e == null ? code : e.name();
    }

    public String channelName(String code) {
        PackFile.Entry e = channels.get(code);
        return e == null ? code : e.name();
    }

    public String committeeName(String code) {
        PackFile.Entry e = committees.get(code);
        return e == null ? code : e.name();
    }

    /** When a case received at {@code receivedAt} must be accepted by a district. */
    public Instant acceptDue(Instant receivedAt) {
        return receivedAt.plus(Duration.ofSeconds(Math.round(file.clocks().acceptHours() * 3600)));
    }

    /** When a case of {@code caseType} received at {@code receivedAt} must be concluded (calendar days). */
    public Instant closeDue(String caseType, Instant receivedAt) {
        PackFile.Entry type = caseTypes.get(caseType);
        int days = type != null && type.closeDays() != null ? type.closeDays() : file.clocks().closeDays();
        return receivedAt.plus(Duration.ofDays(days));
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("pack is missing '" + what + "'");
        }
        return value;
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key, String what) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            String code = require(key.apply(item), what + " code");
            if (map.put(code, item) != null) {
                throw new IllegalArgumentException("pack lists " + what + " '" + code + "' twice");
            }
        }
        return Map.copyOf(map);
    }
}
