-- A worker refills the endpoints it already serves from each endpoint's own due rows: one short index read
-- per endpoint instead of a scan of the whole due backlog past other endpoints' rows.
CREATE INDEX webhook_deliveries_endpoint_due ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'PENDING';
