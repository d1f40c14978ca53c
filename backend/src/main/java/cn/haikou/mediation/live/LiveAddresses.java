package cn.haikou.mediation.live;

import java.util.List;

/**
 * The event-bus addresses the wall subscribes to through the SockJS bridge: one per panel, so a
 * screen receives small per-panel updates instead of whole dashboards. Every message body is a
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

    /** Exactly the addresses the bridge lets out; nothing may be sent in. */
    public static final List<String> ALL = List.of(KPI, TYPES, REGIONS, CHANNELS, TREND, HOTSPOTS, WORKLOAD, FEED, OVERDUE,
            MASS, WARNINGS, HEARTBEAT);

    private LiveAddresses() {
    }
}
