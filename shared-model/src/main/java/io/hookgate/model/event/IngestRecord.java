package io.hookgate.model.event;

import io.hookgate.model.Environment;
import io.hookgate.model.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request received on an ingest URL, as the gateway publishes it: accepted ones to
 * {@code hookgate.inbound}, rejected ones to {@code hookgate.rejected}. The dispatcher turns each into
 * exactly one history row, keyed by {@link #recordId()}.
 *
 * @param recordId       unique per received request (CloudEvents {@code id}); the dispatcher's dedup key for history
 * @param requestId      the caller's {@code x-request-id}, or a generated one
 * @param connectionId   the connection id from the URL (may name no connection when the outcome says so)
 * @param organisationId owner of the connection; null when the connection is unknown
 * @param environment    environment of the connection; null when the connection is unknown
 * @param reason         internal reason of a rejection (never shown to the sender); null when accepted
 * @param headers        request headers with credentials and signatures removed, names lower-case
 * @param payload        the raw body as received (possibly empty for rejections that stopped reading)
 * @param eventId        the provider's event id or idempotency key when known, for flow dedup; may be null
 */
public record IngestRecord(
        String recordId,
        String requestId,
        String connectionId,
        String organisationId,
        Environment environment,
        Instant receivedAt,
        Outcome outcome,
        String reason,
        String contentType,
        Map<String, List<String>> headers,
        byte[] payload,
        String eventId,
        long durationMs) {

    public IngestRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(outcome, "outcome");
        headers = headers == null ? Map.of() : headers;
        payload = payload == null ? new byte[0] : payload;
    }

    public boolean accepted() {
        return outcome.isSuccess();
    }
}
