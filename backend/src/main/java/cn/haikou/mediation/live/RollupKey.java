package cn.haikou.mediation.live;

/** The grouping of the per-minute roll-up: where, what, through which channel, which lifecycle step. */
record RollupKey(String district, String town, String caseType, String channel, String kind) {
}
