-- Schema v1, clustered: the same tables, columns and views as sql/V001__case_events.sql, spread
-- over the shards and replicas of the cluster named by clickhouse.cluster (the server puts its
-- name where ${cluster} stands). Queries use the same names as on one server:
--
--   case_events, case_state_agg, events_by_minute, events_by_day   Distributed tables (read/insert here)
--   <name>_local                                                 the data, ReplicatedMergeTree family
--   case_state                                                   the merged current state (a view)
--
-- Every event of a case goes to the shard cityHash64(case_id) picks, so each shard holds whole
-- cases; the materialized views run on each shard's local tables and write shard-local
-- aggregates, and reads merge the shards through the Distributed tables.
--
-- The servers need the macros {shard} (same on the replicas of a shard) and {replica} (unique in
-- the whole cluster), a Keeper, and the database created on every node before this runs.
-- Statements are separated by a semicolon at the end of a line; each is idempotent (IF NOT EXISTS),
-- so a migration interrupted half-way (e.g. a node down: ON CLUSTER waits for it) can run again.

-- One row per lifecycle event. Columns, index, partitioning and order as on one server.
CREATE TABLE IF NOT EXISTS case_events_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/case_events', '{replica}')
PARTITION BY toYYYYMM(event_time)
ORDER BY (district, case_type, event_time);

-- The name the application writes to and reads from. Sharded by case, so that a case's events,
-- and therefore its case_state_agg rows, live on one shard.
CREATE TABLE IF NOT EXISTS case_events ON CLUSTER '${cluster}'
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
    satisfaction     UInt8,
    outcome          LowCardinality(String),
    accept_due_at    DateTime64(3, 'UTC'),
    close_due_at     DateTime64(3, 'UTC'),
    caller_name      String,
    caller_phone     String,
    address          String,
    summary          String,
    attributes       Map(String, String)
)
ENGINE = Distributed('${cluster}', currentDatabase(), case_events_local, cityHash64(case_id));

-- Current state of each case, merged by ClickHouse from its events, per shard. Read it through
-- case_state (below), which finishes the merge.
CREATE TABLE IF NOT EXISTS case_state_agg_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/case_state_agg', '{replica}')
PARTITION BY toYYYYMM(received_at)
ORDER BY (received_at, case_id);

CREATE TABLE IF NOT EXISTS case_state_agg ON CLUSTER '${cluster}'
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
ENGINE = Distributed('${cluster}', currentDatabase(), case_state_agg_local, cityHash64(case_id));

-- Fires on each shard's inserts into case_events_local and writes that shard's case_state_agg_local.
-- Columns are qualified with the source table where an output alias has the same name.
CREATE MATERIALIZED VIEW IF NOT EXISTS case_state_mv ON CLUSTER '${cluster}' TO case_state_agg_local AS
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
    argMaxIfState(case_events_local.committee, event_time, toUInt8(case_events_local.committee != ''))   AS committee,
    argMaxIfState(case_events_local.mediator, event_time, toUInt8(case_events_local.mediator != ''))     AS mediator,
    max(parties)                                                               AS parties,
    max(amount_involved)                                                       AS amount_involved,
    max(amount_recovered)                                                      AS amount_recovered,
    min(accept_due_at)                                                         AS accept_due_at,
    max(close_due_at)                                                          AS close_due_at
FROM case_events_local
GROUP BY case_id, received_at;

-- The merged current state: one row per case, over the whole cluster. The GROUP BY runs on the
-- Distributed table, so it is right whatever the sharding; cases never span shards, so every
-- group's partial states come from one shard.
CREATE VIEW IF NOT EXISTS case_state ON CLUSTER '${cluster}' AS
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

-- Per-minute roll-up, per shard, of that shard's events. Readers always sum(), so the shards'
-- partial rows for the same minute and key add up through the Distributed table.
CREATE TABLE IF NOT EXISTS events_by_minute_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/events_by_minute', '{replica}')
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, district, town, case_type, channel, kind);

-- No sharding key: the rows are made on each shard by events_by_minute_mv, never inserted here
-- (an INSERT into this table is refused, which is intended).
CREATE TABLE IF NOT EXISTS events_by_minute ON CLUSTER '${cluster}'
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
ENGINE = Distributed('${cluster}', currentDatabase(), events_by_minute_local);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_minute_mv ON CLUSTER '${cluster}' TO events_by_minute_local AS
SELECT
    toStartOfMinute(event_time)                                                   AS minute,
    district, town, case_type, channel, kind,
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
GROUP BY minute, district, town, case_type, channel, kind;

-- Per-day roll-up (days in Asia/Shanghai) with committee and mediator, per shard as above.
CREATE TABLE IF NOT EXISTS events_by_day_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/events_by_day', '{replica}')
PARTITION BY toYear(day)
ORDER BY (day, district, town, case_type, channel, committee, mediator, kind);

CREATE TABLE IF NOT EXISTS events_by_day ON CLUSTER '${cluster}'
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
ENGINE = Distributed('${cluster}', currentDatabase(), events_by_day_local);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_day_mv ON CLUSTER '${cluster}' TO events_by_day_local AS
SELECT
    toDate(event_time, 'Asia/Shanghai')                                           AS day,
    district, town, case_type, channel, committee, mediator, kind,
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
GROUP BY day, district, town, case_type, channel, committee, mediator, kind;
