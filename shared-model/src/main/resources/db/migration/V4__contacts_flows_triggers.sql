-- Contacts of an organisation+environment, found by normalised identifiers.
CREATE TABLE contacts (
    id              text PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations (id),
    environment     text NOT NULL CHECK (environment IN ('TEST', 'LIVE')),
    name            text,
    email           text,          -- trimmed, lower-case
    phone           text,          -- E.164
    chat_id         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX contacts_email ON contacts (organisation_id, environment, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_phone ON contacts (organisation_id, environment, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX contacts_chat_id ON contacts (organisation_id, environment, chat_id) WHERE chat_id IS NOT NULL;
CREATE INDEX contacts_by_tenant ON contacts (organisation_id, environment, created_at, id);

-- A contact's user id on one channel integration (whatsapp, telegram, …), unique per channel.
CREATE TABLE contact_channel_ids (
    contact_id      text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    organisation_id text NOT NULL,
    environment     text NOT NULL,
    channel         text NOT NULL,
    user_id         text NOT NULL,
    PRIMARY KEY (organisation_id, environment, channel, user_id)
);

CREATE INDEX contact_channel_ids_by_contact ON contact_channel_ids (contact_id);

-- Gateways that resolve contacts synchronously cache lookups; any change tells them to drop the tenant's entries.
CREATE FUNCTION hookgate_notify_contact_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('hookgate_contacts', OLD.organisation_id || ':' || OLD.environment);
    ELSE
        PERFORM pg_notify('hookgate_contacts', NEW.organisation_id || ':' || NEW.environment);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER contacts_notify AFTER INSERT OR UPDATE OR DELETE ON contacts
    FOR EACH ROW EXECUTE FUNCTION hookgate_notify_contact_change();
CREATE TRIGGER contact_channel_ids_notify AFTER INSERT OR UPDATE OR DELETE ON contact_channel_ids
    FOR EACH ROW EXECUTE FUNCTION hookgate_notify_contact_change();

CREATE TABLE flows (
    id              text PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations (id),
    environment     text NOT NULL CHECK (environment IN ('TEST', 'LIVE')),
    name            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX flows_unique_name ON flows (organisation_id, environment, lower(name));

-- What an accepted webhook of a connection does to a flow: START a run, or RESUME the run whose
-- correlation value equals the value at correlation_path in the payload.
CREATE TABLE triggers (
    id               text PRIMARY KEY,
    connection_id    text NOT NULL REFERENCES connections (id),
    flow_id          text NOT NULL REFERENCES flows (id),
    action           text NOT NULL CHECK (action IN ('START', 'RESUME')),
    correlation_path text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    CHECK (action = 'START' OR correlation_path IS NOT NULL)
);

CREATE INDEX triggers_by_connection ON triggers (connection_id) WHERE deleted_at IS NULL;

-- Gateways keep each connection's triggers (requireTrigger, correlation paths): a change reloads it.
CREATE FUNCTION hookgate_notify_trigger_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('hookgate_connections', OLD.connection_id);
    ELSE
        PERFORM pg_notify('hookgate_connections', NEW.connection_id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER triggers_notify AFTER INSERT OR UPDATE OR DELETE ON triggers
    FOR EACH ROW EXECUTE FUNCTION hookgate_notify_trigger_change();

CREATE TABLE flow_runs (
    id                text PRIMARY KEY,
    flow_id           text NOT NULL REFERENCES flows (id),
    organisation_id   text NOT NULL,
    environment       text NOT NULL,
    contact_id        text REFERENCES contacts (id),
    connection_id     text NOT NULL,
    status            text NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'FAILED')),
    correlation_value text,
    variables         jsonb NOT NULL DEFAULT '{}'::jsonb,
    started_by        text NOT NULL,     -- record id of the webhook that started it
    resumed_count     integer NOT NULL DEFAULT 0,
    last_resumed_at   timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX flow_runs_by_flow ON flow_runs (flow_id, created_at DESC, id);
CREATE INDEX flow_runs_by_correlation ON flow_runs (flow_id, correlation_value) WHERE status = 'ACTIVE';

CREATE TABLE failed_triggers (
    id                text PRIMARY KEY,
    organisation_id   text NOT NULL,
    environment       text NOT NULL,
    connection_id     text NOT NULL,
    trigger_id        text NOT NULL,
    flow_id           text NOT NULL,
    record_id         text NOT NULL,
    request_id        text NOT NULL,
    reason            text NOT NULL,
    correlation_value text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (record_id, trigger_id)
);

CREATE INDEX failed_triggers_by_tenant ON failed_triggers (organisation_id, environment, created_at DESC, id);

-- Provider event ids and idempotency keys already turned into flow actions (kept 30 days): a provider
-- retry never starts a flow twice.
CREATE TABLE processed_events (
    connection_id text NOT NULL,
    event_id      text NOT NULL,
    record_id     text NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, event_id)
);

CREATE INDEX processed_events_by_time ON processed_events (processed_at);

-- Kafka messages decided inside a database transaction (flow commands, platform events) are written here
-- in that transaction and relayed afterwards, so a crash between the commit and the send loses nothing.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL,
    message_key  text,
    headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
    payload      bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Capture: the next payload of a connection becomes its schema sample.
ALTER TABLE connections ADD COLUMN capture_until timestamptz;

CREATE TABLE connection_schemas (
    connection_id text NOT NULL REFERENCES connections (id),
    version       integer NOT NULL,
    fields        jsonb NOT NULL,
    sample        bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, version)
);

ALTER TABLE request_history ADD COLUMN flow_run_ids text[] NOT NULL DEFAULT '{}';
