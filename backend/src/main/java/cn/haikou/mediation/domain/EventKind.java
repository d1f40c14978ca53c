package cn.haikou.mediation.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lifecycle of a mediation case as the 12345 platform reports it. The lifecycle is the same in
 * every city, so it is code; regions, types and clocks vary by city and live in a {@link Pack}.
 */
public enum EventKind {
    RECEIVED("received", "受理"),
    DISPATCHED("dispatched", "派单"),
    ACCEPTED("accepted", "接单"),
    RETURNED("returned", "退单"),
    ASSIGNED("assigned", "分派"),
    PROGRESS("progress", "调解中"),
    MEDIATED("mediated", "调解成功"),
    FAILED("failed", "调解终止"),
    REFERRED("referred", "转介"),
    FOLLOWED_UP("followed_up", "回访"),
    ARCHIVED("archived", "归档");

    private static final Map<String, EventKind> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventKind::code, Function.identity()));

    private final String code;
    private final String label;

    EventKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire and storage name, e.g. {@code followed_up}. */
    public String code() {
        return code;
    }

    /** The Chinese name the command hall uses. */
    public String label() {
        return label;
    }

    /** A concluding event ends the mediation: success (agreement) or failure (termination). */
    public boolean concludes() {
        return this == MEDIATED || this == FAILED;
    }

    public static Optional<EventKind> fromCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
