-- A delivery's endpoint is no longer checked by a foreign key. Every delivery row is written for an endpoint
-- the same statement (the fan-out's schedule) or the schedule that returned it read from webhook_endpoints,
-- and endpoints are never deleted, only marked deleted (deleted_at), so the key guarded nothing the writers
-- do not. It cost every inserted delivery a lookup and a KEY SHARE lock of its endpoint's row; concurrent
-- settles of one endpoint's deliveries shared those locks through multixacts. Measured in the bench's events
-- phase (pg_stat_statements): the insert of settled deliveries took 144 µs a row with the key, 53 µs without.
ALTER TABLE webhook_deliveries DROP CONSTRAINT IF EXISTS webhook_deliveries_endpoint_id_fkey;
