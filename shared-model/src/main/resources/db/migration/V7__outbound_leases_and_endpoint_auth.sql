-- A claimed delivery carries the claim's lease: only the worker holding it may settle the delivery, so a
-- worker that outlived its lease (stalled, partitioned) cannot overwrite the result of the one that took over.
ALTER TABLE webhook_deliveries ADD COLUMN lease uuid;

-- Endpoint auth besides the Bearer token: HTTP Basic credentials and custom headers, both sealed (AES-GCM,
-- context = endpoint id) because their values are secrets; the header names are kept in clear for display.
ALTER TABLE webhook_endpoints
    ADD COLUMN basic_auth    bytea,
    ADD COLUMN extra_headers bytea,
    ADD COLUMN header_names  text[] NOT NULL DEFAULT '{}';

-- Finished deliveries are trimmed after the attempt log's 30 days.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'PENDING';
