-- Customers' endpoints that receive the platform's events as signed webhooks (Standard Webhooks).
CREATE TABLE webhook_endpoints (
    id              uuid PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations (id),
    environment     text NOT NULL CHECK (environment IN ('TEST', 'LIVE')),
    url             text NOT NULL,
    description     text,
    events          text[] NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    auth_token      bytea,              -- sealed (AES-GCM, context = endpoint id); sent as Bearer
    max_attempts    integer,            -- null = the environment's default
    disabled_reason text,
    failing_since   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);

CREATE INDEX webhook_endpoints_by_tenant ON webhook_endpoints (organisation_id, environment, created_at, id) WHERE deleted_at IS NULL;

-- Signing secrets (whsec_…, sealed); several during a rotation grace, when deliveries carry every signature.
CREATE TABLE webhook_endpoint_secrets (
    id          text PRIMARY KEY,
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
    secret      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz
);

CREATE INDEX webhook_endpoint_secrets_by_endpoint ON webhook_endpoint_secrets (endpoint_id, created_at DESC);

-- One delivery per (endpoint, event), scheduled in Postgres: workers claim due rows with SKIP LOCKED.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id),
    organisation_id text NOT NULL,
    environment     text NOT NULL,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    payload         bytea NOT NULL,
    status          text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';

-- One row per attempt, kept 30 days (daily partitions, dropped by retention).
CREATE TABLE webhook_attempts (
    id              text NOT NULL,
    attempted_at    timestamptz NOT NULL,
    delivery_id     uuid NOT NULL,
    endpoint_id     uuid NOT NULL,
    attempt         integer NOT NULL,
    request_headers jsonb NOT NULL,
    status          integer,
    response_excerpt text,
    latency_ms      integer NOT NULL,
    error           text,
    PRIMARY KEY (id, attempted_at)
) PARTITION BY RANGE (attempted_at);

CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, attempted_at DESC, id);
