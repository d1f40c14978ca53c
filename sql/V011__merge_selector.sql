-- Schema v11: merges that rewrite each row fewer times.
--
-- Every insert makes one part in each of the seven tables below (the events and the six views'
-- targets), and under ingest at saturation the engine's background merges took a quarter to a
-- half of one of the machine's two cores (thread CPU sampled during bench `ingest`), most of one
-- when the engine streamed alone. merge_selector_base sets
-- how many parts of similar size the merge selector waits for before merging them: 5 by default,
-- 20 here, so a row is rewritten fewer times while it climbs from small parts to large ones.
-- Streaming 300,000 events in 2,000-row inserts then took 10-11 s of CPU instead of 14-15 s
-- (README, Performance). Reads see more parts for a while, but not many more: the selector lowers
-- the base towards 2 as parts age (small ones within the hour) and as a partition's parts grow in
-- number (from 10 to 50), so fresh parts stay few dozen at most and older data ends up as merged
-- as before; every query already aggregates across parts (merges are never guaranteed).
ALTER TABLE case_events MODIFY SETTING merge_selector_base = 20;
ALTER TABLE case_state_agg MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_minute MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_day MODIFY SETTING merge_selector_base = 20;
ALTER TABLE events_by_day_type MODIFY SETTING merge_selector_base = 20;
ALTER TABLE durations_by_day MODIFY SETTING merge_selector_base = 20;
ALTER TABLE mediators_seen MODIFY SETTING merge_selector_base = 20;
