-- Schema v2: compact roll-ups for the analytics API.
--
-- events_by_day keeps committee and mediator, so at hotline volume it has nearly one row per
-- event and long-range questions read almost as much as the raw table. Leaders' figures are
-- mostly by district and case type: events_by_day_type keeps only those (a few hundred rows a
-- day however many events), and durations_by_day keeps the exact time-to-accept and
-- time-to-close samples of the same cells, so percentiles need not scan the raw events.
-- Days are Asia/Shanghai days, as in events_by_day. mediators_seen lists the mediators for the
-- analysts' pickers.
--
-- All three are filled from what case_events already holds when they are created (the server runs
-- migrations before it accepts events). The back-fill only runs into an empty table, so running
-- this file again after it completed adds nothing.

CREATE TABLE IF NOT EXISTS events_by_day_type
(
    day                Date,
    district           LowCardinality(String),
    case_type          LowCardinality(String),
    kind               LowCardinality(String),
    events             UInt64,
    parties            UInt64,
    mass_events        UInt64,
    amount_involved    Decimal(38, 2),
    amount_recovered   Decimal(38, 2),
    satisfaction_sum   UInt64,
    satisfied          UInt64,
    on_time            UInt64,
    duration_ms_sum    UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYear(day)
ORDER BY (day, district, case_type, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_day_type_mv TO events_by_day_type AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    count()                                                                       AS events,
    sum(parties)                                                                  AS parties,
    countIf(case_events.parties >= 5)                                             AS mass_events,
    sum(amount_involved)                                                          AS amount_involved,
    sum(amount_recovered)                                                         AS amount_recovered,
    sum(satisfaction)                                                             AS satisfaction_sum,
    countIf(satisfaction >= 4)                                                    AS satisfied,
    countIf((kind = 'accepted' AND event_time <= accept_due_at)
         OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at))      AS on_time,
    sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time))))  AS duration_ms_sum
FROM case_events
GROUP BY day, district, case_type, kind;

INSERT INTO events_by_day_type
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    count()                                                                       AS events,
    sum(parties)                                                                  AS parties,
    countIf(case_events.parties >= 5)                                             AS mass_events,
    sum(amount_involved)                                                          AS amount_involved,
    sum(amount_recovered)                                                         AS amount_recovered,
    sum(satisfaction)                                                             AS satisfaction_sum,
    countIf(satisfaction >= 4)                                                    AS satisfied,
    countIf((kind = 'accepted' AND event_time <= accept_due_at)
         OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at))      AS on_time,
    sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time))))  AS duration_ms_sum
FROM case_events
WHERE (SELECT count() FROM events_by_day_type) = 0
GROUP BY day, district, case_type, kind;

-- Exact duration samples (milliseconds from receipt) of accepting and concluding events; merged
-- with quantilesExactMerge they give the same percentiles as the raw events.
CREATE TABLE IF NOT EXISTS durations_by_day
(
    day                Date,
    district           LowCardinality(String),
    case_type          LowCardinality(String),
    kind               LowCardinality(String),
    duration_ms        AggregateFunction(quantilesExact(0.5, 0.9, 0.99), UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYear(day)
ORDER BY (day, district, case_type, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS durations_by_day_mv TO durations_by_day AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    quantilesExactState(0.5, 0.9, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))) AS duration_ms
FROM case_events
WHERE kind IN ('accepted', 'mediated', 'failed')
GROUP BY day, district, case_type, kind;

INSERT INTO durations_by_day
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    quantilesExactState(0.5, 0.9, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))) AS duration_ms
FROM case_events
WHERE kind IN ('accepted', 'mediated', 'failed') AND (SELECT count() FROM durations_by_day) = 0
GROUP BY day, district, case_type, kind;

-- The mediators seen in events, for the analysts' pickers: a few hundred rows instead of a
-- DISTINCT over a roll-up that grows with every day.
CREATE TABLE IF NOT EXISTS mediators_seen
(
    mediator           String,
    events             SimpleAggregateFunction(sum, UInt64),
    last_seen          SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY mediator;

CREATE MATERIALIZED VIEW IF NOT EXISTS mediators_seen_mv TO mediators_seen AS
SELECT mediator, count() AS events, max(event_time) AS last_seen
FROM case_events
WHERE mediator != ''
GROUP BY mediator;

INSERT INTO mediators_seen
SELECT mediator, count() AS events, max(event_time) AS last_seen
FROM case_events
WHERE mediator != '' AND (SELECT count() FROM mediators_seen) = 0
GROUP BY mediator;
