-- Schema v1: the raw case-event log, the current state of every case, and per-minute / per-day
-- roll-ups kept by materialized views. Times are UTC instants with millisecond precision;
-- presentation converts to Asia/Shanghai.
--
-- Statements are separated by a semicolon at the end of a line. Every statement is idempotent
-- (IF NOT EXISTS), so a migration interrupted half-way can simply run again.

-- One row per lifecycle event, exactly once per event_id (ingest deduplicates before writing).
-- Every event carries its case's envelope (received_at, region, type, channel) as the 12345 work
-- order does, so each aggregate can be computed from events alone.
CREATE TABLE IF NOT EXISTS case_events
(
    event_id         String,
    case_id          String,
    kind             LowCardinality(String),
    event_time       DateTime64(3, 'UTC'),
    received_at      DateTime64(3, 'UTC'),
    ingested_at      DateTime64(3, 'UTC'),
    source           LowCardinality(String),
    district         LowCardinality(String),
    town             LowCardinality(String),
    case_type        LowCardinality(String),
    channel          LowCardinality(String),
    committee        LowCardinality(String),
    mediator         String,
    parties          UInt32,
    amount_involved  Decimal(18, 2),
    amount_recovered Decimal(18, 2),
    -- 1-5 on follow-up events, 0 elsewhere
    satisfaction     UInt8,
    -- referral target (court / arbitration / petition) or return reason
    outcome          LowCardinality(String),
    -- clocks fixed from the pack when the event was ingested
    accept_due_at    DateTime64(3, 'UTC'),
    close_due_at     DateTime64(3, 'UTC'),
    -- personal information (PIPL): never shown unmasked on the wall
    caller_name      String,
    caller_phone     String,
    address          String,
    summary          String,
    attributes       Map(String, String),
    INDEX ix_event_id event_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX ix_case_id case_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (district, case_type, event_time);

-- Current state of each case, merged by ClickHouse from its events. Read it through
-- case_state (below), which finishes the merge.
CREATE TABLE IF NOT EXISTS case_state_agg
(
    case_id          String,
    received_at      DateTime64(3, 'UTC'),
    district         SimpleAggregateFunction(anyLast, LowCardinality(String)),
    town             SimpleAggregateFunction(anyLast, LowCardinality(String)),
    case_type        SimpleAggregateFunction(anyLast, LowCardinality(String)),
    channel          SimpleAggregateFunction(anyLast, LowCardinality(String)),
    status           AggregateFunction(argMax, LowCardinality(String), DateTime64(3, 'UTC')),
    last_event_at    SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    events           SimpleAggregateFunction(sum, UInt64),
    dispatched_at    SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    accepted_at      SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    returned         SimpleAggregateFunction(sum, UInt64),
    assigned_at      SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    concluded_at     SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    succeeded        SimpleAggregateFunction(max, UInt8),
    failed           SimpleAggregateFunction(max, UInt8),
    referred_to      SimpleAggregateFunction(max, LowCardinality(String)),
    followed_up_at   SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    satisfaction     AggregateFunction(argMaxIf, UInt8, DateTime64(3, 'UTC'), UInt8),
    archived_at      SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    committee        AggregateFunction(argMaxIf, LowCardinality(String), DateTime64(3, 'UTC'), UInt8),
    mediator         AggregateFunction(argMaxIf, String, DateTime64(3, 'UTC'), UInt8),
    parties          SimpleAggregateFunction(max, UInt32),
    amount_involved  SimpleAggregateFunction(max, Decimal(18, 2)),
    amount_recovered SimpleAggregateFunction(max, Decimal(18, 2)),
    accept_due_at    SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    close_due_at     SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (received_at, case_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS case_state_mv TO case_state_agg AS
SELECT
    case_id,
    received_at,
    anyLast(district)                                                          AS district,
    anyLast(town)                                                              AS town,
    anyLast(case_type)                                                         AS case_type,
    anyLast(channel)                                                           AS channel,
    argMaxState(kind, event_time)                                              AS status,
    max(event_time)                                                            AS last_event_at,
    count()                                                                    AS events,
    minIf(toNullable(event_time), kind = 'dispatched')                         AS dispatched_at,
    minIf(toNullable(event_time), kind = 'accepted')                           AS accepted_at,
    countIf(kind = 'returned')                                                 AS returned,
    minIf(toNullable(event_time), kind = 'assigned')                           AS assigned_at,
    minIf(toNullable(event_time), kind IN ('mediated', 'failed'))              AS concluded_at,
    toUInt8(countIf(kind = 'mediated') > 0)                                    AS succeeded,
    toUInt8(countIf(kind = 'failed') > 0)                                      AS failed,
    maxIf(outcome, kind = 'referred')                                          AS referred_to,
    maxIf(toNullable(event_time), kind = 'followed_up')                        AS followed_up_at,
    argMaxIfState(satisfaction, event_time, toUInt8(kind = 'followed_up'))     AS satisfaction,
    minIf(toNullable(event_time), kind = 'archived')                           AS archived_at,
    argMaxIfState(case_events.committee, event_time, toUInt8(case_events.committee != ''))             AS committee,
    argMaxIfState(case_events.mediator, event_time, toUInt8(case_events.mediator != ''))               AS mediator,
    max(parties)                                                               AS parties,
    max(amount_involved)                                                       AS amount_involved,
    max(amount_recovered)                                                      AS amount_recovered,
    min(accept_due_at)                                                         AS accept_due_at,
    max(close_due_at)                                                          AS close_due_at
FROM case_events
GROUP BY case_id, received_at;

-- The merged current state: one row per case.
CREATE VIEW IF NOT EXISTS case_state AS
SELECT
    case_id,
    received_at,
    anyLast(district)                   AS district,
    anyLast(town)                       AS town,
    anyLast(case_type)                  AS case_type,
    anyLast(channel)                    AS channel,
    argMaxMerge(status)                 AS status,
    max(last_event_at)                  AS last_event_at,
    sum(events)                         AS events,
    min(dispatched_at)                  AS dispatched_at,
    min(accepted_at)                    AS accepted_at,
    sum(returned)                       AS returned,
    min(assigned_at)                    AS assigned_at,
    min(concluded_at)                   AS concluded_at,
    max(succeeded)                      AS succeeded,
    max(failed)                         AS failed,
    max(referred_to)                    AS referred_to,
    max(followed_up_at)                 AS followed_up_at,
    argMaxIfMerge(satisfaction)         AS satisfaction,
    min(archived_at)                    AS archived_at,
    argMaxIfMerge(committee)            AS committee,
    argMaxIfMerge(mediator)             AS mediator,
    max(parties)                        AS parties,
    max(amount_involved)                AS amount_involved,
    max(amount_recovered)               AS amount_recovered,
    min(accept_due_at)                  AS accept_due_at,
    max(close_due_at)                   AS close_due_at
FROM case_state_agg
GROUP BY case_id, received_at;

-- Per-minute roll-up for trends and live figures: counts and sums by region, type, channel, kind.
CREATE TABLE IF NOT EXISTS events_by_minute
(
    minute             DateTime('UTC'),
    district           LowCardinality(String),
    town               LowCardinality(String),
    case_type          LowCardinality(String),
    channel            LowCardinality(String),
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
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, district, town, case_type, channel, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_minute_mv TO events_by_minute AS
SELECT
    toStartOfMinute(event_time)                                                   AS minute,
    district, town, case_type, channel, kind,
    count()                                                                       AS events,
    sum(parties)                                                                  AS parties,
    countIf(case_events.parties >= 5)                                                         AS mass_events,
    sum(amount_involved)                                                          AS amount_involved,
    sum(amount_recovered)                                                         AS amount_recovered,
    sum(satisfaction)                                                             AS satisfaction_sum,
    countIf(satisfaction >= 4)                                                    AS satisfied,
    countIf((kind = 'accepted' AND event_time <= accept_due_at)
         OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at))      AS on_time,
    sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time))))  AS duration_ms_sum
FROM case_events
GROUP BY minute, district, town, case_type, channel, kind;

-- Per-day roll-up (days in Asia/Shanghai) with committee and mediator, for long-range analytics.
CREATE TABLE IF NOT EXISTS events_by_day
(
    day                Date,
    district           LowCardinality(String),
    town               LowCardinality(String),
    case_type          LowCardinality(String),
    channel            LowCardinality(String),
    committee          LowCardinality(String),
    mediator           String,
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
ORDER BY (day, district, town, case_type, channel, committee, mediator, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_day_mv TO events_by_day AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, town, case_type, channel, committee, mediator, kind,
    count()                                                                       AS events,
    sum(parties)                                                                  AS parties,
    countIf(case_events.parties >= 5)                                                         AS mass_events,
    sum(amount_involved)                                                          AS amount_involved,
    sum(amount_recovered)                                                         AS amount_recovered,
    sum(satisfaction)                                                             AS satisfaction_sum,
    countIf(satisfaction >= 4)                                                    AS satisfied,
    countIf((kind = 'accepted' AND event_time <= accept_due_at)
         OR (kind IN ('mediated', 'failed') AND event_time <= close_due_at))      AS on_time,
    sum(toUInt64(greatest(0, dateDiff('millisecond', received_at, event_time))))  AS duration_ms_sum
FROM case_events
GROUP BY day, district, town, case_type, channel, committee, mediator, kind;
