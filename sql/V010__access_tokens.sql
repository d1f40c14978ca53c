-- Bearer tokens issued at run time (wall displays, analysts). Only a SHA-256 of each token is
-- kept; the token itself is shown once, when it is created. Revocation is a new row with
-- revoked = 1; the newest row per name wins.
CREATE TABLE IF NOT EXISTS access_tokens
(
    name        String,
    token_hash  String,
    role        LowCardinality(String),
    revoked     UInt8,
    changed_at  DateTime64(3, 'UTC'),
    changed_by  String
)
ENGINE = ReplacingMergeTree(changed_at)
ORDER BY name;

-- Who read personal data, when, and which cases (PIPL audit trail).
CREATE TABLE IF NOT EXISTS pii_audit
(
    at          DateTime64(3, 'UTC'),
    principal   String,
    role        LowCardinality(String),
    action      LowCardinality(String),
    detail      String,
    case_ids    Array(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY at;
