-- X-Idempotency-Key: the first response per (connection, key) is kept 24 hours and replayed to repeats,
-- wherever they arrive. A PENDING row is a request in flight; its lease lets another request take over
-- if the owner died before answering. Keys are stored as SHA-256 digests (any length is accepted).
CREATE TABLE idempotency_keys (
    connection_id text NOT NULL,
    key_hash      bytea NOT NULL,
    state         text NOT NULL CHECK (state IN ('PENDING', 'DONE')),
    owner         text NOT NULL,
    status        smallint,
    body          bytea,
    lease_until   timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, key_hash)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
