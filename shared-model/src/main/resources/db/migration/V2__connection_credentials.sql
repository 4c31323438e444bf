-- Credentials of a connection, several at a time during a rotation grace period.
--   BCRYPT: shared secrets (x-webhook-secret), verified off the event loop
--   SHA256: URL keys (?api_key=), 256-bit random, so a fast hash suffices
--   SEALED: provider signing secrets and tokens, AES-256-GCM under the master key (the verifier needs them)
CREATE TABLE connection_credentials (
    id            text PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id),
    purpose       text NOT NULL CHECK (purpose IN ('SIGNING', 'VERIFY_TOKEN')),
    kind          text NOT NULL CHECK (kind IN ('BCRYPT', 'SHA256', 'SEALED')),
    value         bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz
);

CREATE INDEX connection_credentials_by_connection ON connection_credentials (connection_id, created_at DESC);

INSERT INTO connection_credentials (id, connection_id, purpose, kind, value, created_at)
SELECT 'crd_' || substr(md5(id), 1, 24), id, 'SIGNING', 'BCRYPT', convert_to(secret_hash, 'UTF8'), created_at
  FROM connections
 WHERE secret_hash IS NOT NULL;

ALTER TABLE connections DROP COLUMN secret_hash;

-- A rotated or added credential must reach every gateway's cache like any other change.
CREATE FUNCTION hookgate_notify_credential_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('hookgate_connections', OLD.connection_id);
    ELSE
        PERFORM pg_notify('hookgate_connections', NEW.connection_id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER connection_credentials_notify
    AFTER INSERT OR UPDATE OR DELETE ON connection_credentials
    FOR EACH ROW EXECUTE FUNCTION hookgate_notify_credential_change();
