package cn.haikou.mediation.analytics;

import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;

import java.util.Arrays;
import java.util.Optional;

/**
 * What results can be grouped and filtered by. Each name maps to one fixed column: request text
 * chooses among these constants and never reaches SQL itself. Values are the codes stored on each
 * event (an event is counted under the committee and mediator it carries; intake events usually
 * carry none and fall under the empty value).
 */
public enum Dimension {
    CASE_TYPE("caseType", "case_type", "纠纷类型"),
    DISTRICT("district", "district", "区县"),
    TOWN("town", "town", "镇街"),
    CHANNEL("channel", "channel", "渠道"),
    COMMITTEE("committee", "committee", "调委会"),
    MEDIATOR("mediator", "mediator", "调解员"),
    KIND("kind", "kind", "事件类型");

    /** How an empty value (no committee, no mediator) is shown. */
    public static final String UNSPECIFIED_LABEL = "(未指定)";

    private final String code;
    private final String column;
    private final String label;

    Dimension(String code, String column, String label) {
        this.code = code;
        this.column = column;
        this.label = label;
    }

    /** The name used in requests and responses, e.g. {@code caseType}. */
    public String code() {
        return code;
    }

    /** The column in case_events and the roll-ups (a constant, never request text). */
    public String column() {
        return column;
    }

    /** The Chinese column heading. */
    public String label() {
        return label;
    }

    public static Optional<Dimension> fromCode(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }

    /** The display name of a value: the pack's name for a code, the value itself for towns and mediators. */
    public String labelOf(Pack pack, String value) {
        if (value == null || value.isEmpty()) {
            return UNSPECIFIED_LABEL;
        }
        return switch (this) {
            case CASE_TYPE -> pack.caseTypeName(value);
            case DISTRICT -> pack.districtName(value);
            case CHANNEL -> pack.channelName(value);
            case COMMITTEE -> pack.committeeName(value);
            case KIND -> EventKind.fromCode(value).map(EventKind::label).orElse(value);
            case TOWN, MEDIATOR -> value;
        };
    }

    /**
     * Whether a filter value can match anything: pack codes must exist in the pack (a typo is an
     * error, not an empty chart); the empty value selects events without a committee or mediator.
     */
    public boolean accepts(Pack pack, String value) {
        return switch (this) {
            case CASE_TYPE -> pack.hasCaseType(value);
            case DISTRICT -> pack.hasDistrict(value);
            case CHANNEL -> pack.hasChannel(value);
            case COMMITTEE -> value.isEmpty() || pack.acceptsCommittee(value);
            case KIND -> EventKind.fromCode(value).isPresent();
            case TOWN -> pack.districts().stream().map(PackFile.District::towns).anyMatch(t -> t.contains(value));
            case MEDIATOR -> true;
        };
    }
}
