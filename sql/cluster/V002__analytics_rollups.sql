-- Schema v2, clustered: the compact roll-ups of sql/V002__analytics_rollups.sql, per shard as in
-- sql/cluster/V001. Each shard's materialized views fill its local tables from its own events;
-- readers always aggregate (sum, quantilesExactMerge, max), so partial rows of the same key on
-- different shards add up through the Distributed tables.
--
-- The back-fill of events stored before this migration goes through the Distributed tables, which
-- therefore have a sharding key (rand()): where a back-filled row lands does not matter to readers.
-- It only runs into an empty table, so running this file again after it completed adds nothing.

CREATE TABLE IF NOT EXISTS events_by_day_type_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/events_by_day_type', '{replica}')
PARTITION BY toYear(day)
ORDER BY (day, district, case_type, kind);

CREATE TABLE IF NOT EXISTS events_by_day_type ON CLUSTER '${cluster}' AS events_by_day_type_local
ENGINE = Distributed('${cluster}', currentDatabase(), events_by_day_type_local, rand());

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_day_type_mv ON CLUSTER '${cluster}' TO events_by_day_type_local AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    count()                                                                       AS events,
    sum(parties)                                                                  AS parties,
    countIf(case_events_local.parties >= 5)                                       AS mass_events,
    sum(amount_involved)                                                          AS amount_involved,
    sum(amount_recovered)                                                         AS amount_recovered,
    sum(satisfaction)                                                             AS satisfaction_sum,
    countIf(satisfaction >= 4)                                                    AS satisfied,
    countIf((kind = 'accepted' AND event_time <= accept_due_at)
         OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at))      AS on_time,
    sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time))))  AS duration_ms_sum
FROM case_events_local
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

CREATE TABLE IF NOT EXISTS durations_by_day_local ON CLUSTER '${cluster}'
(
    day                Date,
    district           LowCardinality(String),
    case_type          LowCardinality(String),
    kind               LowCardinality(String),
    duration_ms        AggregateFunction(quantilesExact(0.5, 0.9, 0.99), UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/durations_by_day', '{replica}')
PARTITION BY toYear(day)
ORDER BY (day, district, case_type, kind);

CREATE TABLE IF NOT EXISTS durations_by_day ON CLUSTER '${cluster}' AS durations_by_day_local
ENGINE = Distributed('${cluster}', currentDatabase(), durations_by_day_local, rand());

CREATE MATERIALIZED VIEW IF NOT EXISTS durations_by_day_mv ON CLUSTER '${cluster}' TO durations_by_day_local AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, case_type, kind,
    quantilesExactState(0.5, 0.9, 0.99)(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time)))) AS duration_ms
FROM case_events_local
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

CREATE TABLE IF NOT EXISTS mediators_seen_local ON CLUSTER '${cluster}'
(
    mediator           String,
    events             SimpleAggregateFunction(sum, UInt64),
    last_seen          SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/mediators_seen', '{replica}')
ORDER BY mediator;

CREATE TABLE IF NOT EXISTS mediators_seen ON CLUSTER '${cluster}' AS mediators_seen_local
ENGINE = Distributed('${cluster}', currentDatabase(), mediators_seen_local, rand());

CREATE MATERIALIZED VIEW IF NOT EXISTS mediators_seen_mv ON CLUSTER '${cluster}' TO mediators_seen_local AS
SELECT mediator, count() AS events, max(event_time) AS last_seen
FROM case_events_local
WHERE mediator != ''
GROUP BY mediator;

INSERT INTO mediators_seen
SELECT mediator, count() AS events, max(event_time) AS last_seen
FROM case_events
WHERE mediator != '' AND (SELECT count() FROM mediators_seen) = 0
GROUP BY mediator;
