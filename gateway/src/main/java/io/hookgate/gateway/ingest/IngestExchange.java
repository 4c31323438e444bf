package io.hookgate.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.LiveConnection;
import io.hookgate.gateway.idempotency.IdempotencyClaim;
import io.hookgate.model.Outcome;
import io.hookgate.model.payload.Payload;
import io.hookgate.model.event.IngestRecord;
import io.hookgate.model.text.StoredText;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Set;

/**
 * What the ingest handlers learn about one request, stage by stage. Lives in the routing context and
 * is only touched from the request's event loop.
 */
final class IngestExchange {
    private static final String KEY = "hookgate.exchange";
    private static final int MAX_STORED_ID = 100;

    final String requestId;
    final String recordId;
    final Instant receivedAt;
    final long startNanos;
    final String connectionId;

    LiveConnection connection;
    byte[] body;
    JsonNode json;
    Payload payload;
    /**
     * The contact identifier the body names, in its normal form; null when the connection reads none or the value
     * has no normal form (no contact can be resolved from it). Keys the Kafka record together with the connection.
     */
    String contact;
    /** The provider's event id or the idempotency key: what the dispatcher deduplicates flows on. */
    String eventId;
    /** Set when this request owns an idempotency key; settled with the answer. */
    IdempotencyClaim idempotency;
    /** Set once the client was told {@code 100 Continue}: its body is on the way even if it is then refused. */
    boolean continueSent;
    /** Set by a refusal that knows when the caller may come back (rate limits). */
    long retryAfterSeconds;

    private IngestExchange(String requestId, String recordId, Instant receivedAt, long startNanos, String connectionId) {
        this.requestId = requestId;
        this.recordId = recordId;
        this.receivedAt = receivedAt;
        this.startNanos = startNanos;
        this.connectionId = connectionId;
    }

    static IngestExchange start(RoutingContext rc, String requestId, String recordId, Instant receivedAt, String connectionId) {
        IngestExchange exchange = new IngestExchange(requestId, recordId, receivedAt, System.nanoTime(), connectionId);
        rc.put(KEY, exchange);
        return exchange;
    }

    /** The exchange of this request, or null when the request never reached the first ingest handler. */
    static IngestExchange of(RoutingContext rc) {
        return rc.get(KEY);
    }

    /** The record of this request for Kafka and history, with credentials removed from its headers. */
    IngestRecord toRecord(RoutingContext rc, Outcome outcome, String detail) {
        Connection c = connection == null ? null : connection.definition();
        Set<String> credentialHeaders = connection == null ? Set.of() : connection.verifier().credentialHeaders();
        String contentType = rc.request().getHeader("content-type");
        if (contentType == null) {
            boolean xml = c != null && c.format() == io.hookgate.model.PayloadFormat.XML;
            contentType = !outcome.isSuccess() ? "application/octet-stream" : xml ? "application/xml" : "application/json";
        }
        return new IngestRecord(recordId, requestId, boundedConnectionId(),
                c == null ? null : c.organisationId(), c == null ? null : c.environment(),
                receivedAt, outcome, detail, contentType,
                HeaderScrubber.scrub(rc.request().headers(), credentialHeaders), body, eventId, elapsedMillis());
    }

    /**
     * Path segments can be anything a client typed ({@code %00}, control characters, broken UTF-8); history
     * keeps at most a readable, storable prefix.
     */
    private String boundedConnectionId() {
        return StoredText.printable(connectionId == null ? "" : connectionId, MAX_STORED_ID);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
