-- Issue 9: an organisation's ingest quota, in requests a second across all its connections, enforced by each
-- gateway instance on its own. NULL = the gateways' HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND. No tenant API
-- sets it (a key would raise its own quota): operators use the CLI (organisation-rate-limit) or SQL.
ALTER TABLE organisations ADD COLUMN ingest_rate_limit_per_second integer
    CHECK (ingest_rate_limit_per_second BETWEEN 1 AND 1000000);

-- Gateways cache the quota with each connection; a change tells them to drop the organisation's connections.
CREATE FUNCTION hookgate_notify_organisation_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('hookgate_organisations', NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER organisations_notify
    AFTER UPDATE OF ingest_rate_limit_per_second ON organisations
    FOR EACH ROW WHEN (OLD.ingest_rate_limit_per_second IS DISTINCT FROM NEW.ingest_rate_limit_per_second)
    EXECUTE FUNCTION hookgate_notify_organisation_change();
