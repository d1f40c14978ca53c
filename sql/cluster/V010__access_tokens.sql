-- Clustered variant of sql/V010__access_tokens.sql. Both tables are small (tokens: a row per
-- issue or revocation; audit: a row per read of personal data), so instead of sharding them each
-- node of the cluster holds a full replica: one Keeper path for all nodes ('all' in place of
-- {shard}), {replica} unique per node. They keep their plain names (no Distributed table), are
-- read locally on whichever node answers, and a write on any node reaches all the others.

-- Bearer tokens issued at run time (wall displays, analysts). Only a SHA-256 of each token is
-- kept; the token itself is shown once, when it is created. Revocation is a new row with
-- revoked = 1; the newest row per name wins.
CREATE TABLE IF NOT EXISTS access_tokens ON CLUSTER '${cluster}'
(
    name        String,
    token_hash  String,
    role        LowCardinality(String),
    revoked     UInt8,
    changed_at  DateTime64(3, 'UTC'),
    changed_by  String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/access_tokens', '{replica}', changed_at)
ORDER BY name;

-- Who read personal data, when, and which cases (PIPL audit trail). A copy on every node: the
-- trail survives the loss of any node but the last.
CREATE TABLE IF NOT EXISTS pii_audit ON CLUSTER '${cluster}'
(
    at          DateTime64(3, 'UTC'),
    principal   String,
    role        LowCardinality(String),
    action      LowCardinality(String),
    detail      String,
    case_ids    Array(String)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/{database}/pii_audit', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY at;
