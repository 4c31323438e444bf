-- The claim refills each endpoint's lane from this index alone. Its predicate names the same rows as
-- webhook_deliveries_due's (status = 'PENDING', under the table's CHECK constraint) but is spelt so that
-- the planner cannot answer the refill from webhook_deliveries_due instead: on statistics taken while the
-- queue was drained it did, walking every due row once per endpoint (DeliveryStore.CLAIM tells the story).
CREATE INDEX webhook_deliveries_endpoint_pending ON webhook_deliveries (endpoint_id, next_attempt_at)
    WHERE status NOT IN ('SUCCEEDED', 'FAILED');
DROP INDEX webhook_deliveries_endpoint_due;
