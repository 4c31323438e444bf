-- Tenancy: an organisation owns API keys, each bound to one environment (test or live).
CREATE TABLE organisations (
    id          text PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id              text PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations (id),
    environment     text NOT NULL CHECK (environment IN ('TEST', 'LIVE')),
    -- SHA-256 of the whole key: keys carry 190+ bits of entropy, so a fast hash is enough and lets
    -- every admin call find its key with one indexed lookup.
    key_hash        bytea NOT NULL UNIQUE,
    key_hint        text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);

-- Inbound connections: one ingest URL each.
CREATE TABLE connections (
    id                      text PRIMARY KEY,
    organisation_id         text NOT NULL REFERENCES organisations (id),
    environment             text NOT NULL CHECK (environment IN ('TEST', 'LIVE')),
    name                    text NOT NULL,
    status                  text NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'DELETED')),
    auth_mode               text NOT NULL,
    auth_settings           jsonb NOT NULL DEFAULT '{}'::jsonb,
    secret_hash             text,
    format                  text NOT NULL DEFAULT 'JSON' CHECK (format IN ('JSON', 'XML')),
    identifier_type         text,
    identifier_path         text,
    identifier_channel      text,
    max_body_bytes          integer NOT NULL DEFAULT 102400 CHECK (max_body_bytes BETWEEN 1 AND 1048576),
    allowed_ips             text[] NOT NULL DEFAULT '{}',
    rate_limit_per_second   integer,
    contact_resolution      text NOT NULL DEFAULT 'ASYNC' CHECK (contact_resolution IN ('ASYNC', 'SYNC')),
    create_missing_contacts boolean NOT NULL DEFAULT false,
    require_trigger         boolean NOT NULL DEFAULT false,
    schema_version          integer NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz
);

CREATE UNIQUE INDEX connections_unique_name
    ON connections (organisation_id, environment, lower(name)) WHERE status <> 'DELETED';
CREATE INDEX connections_by_tenant ON connections (organisation_id, environment, created_at, id);

-- Every gateway instance keeps connections in memory; any change tells them to drop their copy.
CREATE FUNCTION hookgate_notify_connection_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('hookgate_connections', OLD.id);
    ELSE
        PERFORM pg_notify('hookgate_connections', NEW.id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER connections_notify
    AFTER INSERT OR UPDATE OR DELETE ON connections
    FOR EACH ROW EXECUTE FUNCTION hookgate_notify_connection_change();

-- One row per request received on an ingest URL (accepted and rejected), kept 30 days.
-- Partitioned by day so that retention drops whole partitions instead of deleting rows.
CREATE TABLE request_history (
    record_id       text NOT NULL,
    received_at     timestamptz NOT NULL,
    request_id      text NOT NULL,
    connection_id   text NOT NULL,
    organisation_id text,
    environment     text,
    outcome         text NOT NULL,
    status          smallint NOT NULL,
    reason          text,
    content_type    text,
    headers         jsonb NOT NULL,
    payload         bytea NOT NULL,
    event_id        text,
    duration_ms     integer NOT NULL,
    contact_id      text,
    stored_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, received_at)
) PARTITION BY RANGE (received_at);

CREATE INDEX request_history_by_connection ON request_history (connection_id, received_at DESC, record_id);
CREATE INDEX request_history_by_request_id ON request_history (request_id);

-- Creates the partition of one UTC day; safe to call concurrently and repeatedly.
CREATE FUNCTION hookgate_ensure_day_partition(parent text, day date) RETURNS void AS $$
DECLARE
    partition_name text := parent || '_' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, parent,
                   (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        NULL; -- another dispatcher created it at the same moment
END
$$ LANGUAGE plpgsql;
