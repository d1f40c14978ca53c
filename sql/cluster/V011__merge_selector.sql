-- Schema v11, clustered: the merge selector setting of sql/V011__merge_selector.sql on every
-- shard's local tables (the Distributed tables hold no parts). Idempotent: setting a value again
-- changes nothing.
ALTER TABLE case_events_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE case_state_agg_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_minute_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_day_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_day_type_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE durations_by_day_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
ALTER TABLE mediators_seen_local ON CLUSTER '${cluster}' MODIFY SETTING merge_selector_base = 20;
