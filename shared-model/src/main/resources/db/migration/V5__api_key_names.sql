-- Keys get a name so people can tell them apart, and a last-use time so unused ones can be revoked.
ALTER TABLE api_keys ADD COLUMN name text;
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_keys_by_tenant ON api_keys (organisation_id, environment, created_at, id);
