package cn.haikou.mediation.live;

import java.util.List;
import java.util.Set;

/**
 * The event-bus addresses screens subscribe to through the SockJS bridge: one per panel, so a
 * screen receives small per-panel updates instead of whole dashboards, and {@link #PULSE} for the
 * three fast panels at once. Every message body is a
 * JSON text {@code {"seq", "snapshot", "generatedAt", "data"}}; see the README for each payload.
 */
public final class LiveAddresses {

    public static final String KPI = "live.kpi";
    public static final String TYPES = "live.types";
    public static final String REGIONS = "live.regions";
    public static final String CHANNELS = "live.channels";
    public static final String TREND = "live.trend";
    public static final String HOTSPOTS = "live.hotspots";
    public static final String WORKLOAD = "live.workload";
    public static final String FEED = "live.feed";
    public static final String OVERDUE = "live.overdue";
    public static final String MASS = "live.mass";
    public static final String WARNINGS = "live.warnings";
    public static final String HEARTBEAT = "live.heartbeat";
    /**
     * {@link #KPI}, {@link #FEED} and {@link #TREND} together, one frame per tick: their data as
     * {@code {"kpi": .., "feed": .., "trend": ..}}, each part present in an update when it changed
     * (the snapshot has all three). They move with every event and a wall shows all three; as three
     * addresses they were three frames per tick per screen, and at 10,000 screens frames per second,
     * more than bytes, set the ceiling (README, fan-out).
     */
    public static final String PULSE = "live.pulse";

    /** The addresses whose updates {@link #PULSE} carries, each under its name without the {@code live.} prefix. */
    public static final List<String> IN_PULSE = List.of(KPI, FEED, TREND);

    /**
     * The addresses whose updates carry only the fields that changed ({@link JsonChanges}): a screen
     * merges each into the snapshot it holds. In {@link #PULSE} their parts do the same. The wall
     * keeps the same list ({@code CHANGES_ONLY} in {@code wall/live.js}).
     */
    public static final Set<String> CHANGES_ONLY = Set.of(KPI);

    /** Exactly the addresses the bridge lets out; nothing may be sent in. */
    public static final List<String> ALL = List.of(KPI, TYPES, REGIONS, CHANNELS, TREND, HOTSPOTS, WORKLOAD, FEED, OVERDUE,
            MASS, WARNINGS, HEARTBEAT, PULSE);

    private LiveAddresses() {
    }
}
