package io.hookgate.gateway.config;

import io.hookgate.model.config.EnvReader;

import java.time.Duration;
import java.util.Map;

/**
 * What one gateway process lets the world hold of it on the ingest port, so that no client — slow,
 * flooding or malformed — can make it queue, buffer or wait without bound.
 *
 * @param maxInFlight        publishes awaiting the broker's ack at once; beyond → 503 UNAVAILABLE at once
 * @param maxConnections     open ingest connections at once; beyond, a new connection is closed on accept
 * @param requestTimeout     time a client has, from its request head, to send the whole body; late → 408
 *                           REQUEST_TIMEOUT (a body that trickles in, a {@code Content-Length} larger than the body)
 * @param idleTimeout        a connection that completes no HTTP message (request head or body chunk) for this
 *                           long is closed; a head trickled in byte by byte (slow-loris) meets this limit
 * @param maxHeaderBytes     size of all request headers together; over → 431 HEADERS_TOO_LARGE
 * @param maxHeaders         number of request header lines; over → 431 HEADERS_TOO_LARGE
 * @param maxRequestLineBytes length of the request line (method, URI, version); over → 414 URI_TOO_LONG
 * @param maxConcurrentPerConnection requests of one connection in the pipeline at once (verification, lookups,
 *                           the publish) while other connections send too; more wait for a place of their own
 *                           connection — never of another's — and after the publish timeout get 503 UNAVAILABLE
 * @param organisationRatePerSecond requests a second one organisation may send to this process across all its
 *                           connections, unless the organisation has its own quota in PostgreSQL; over → 429
 *                           RATE_LIMITED. 0 = no default quota
 */
public record IngestLimits(
        int maxInFlight,
        int maxConnections,
        Duration requestTimeout,
        Duration idleTimeout,
        int maxHeaderBytes,
        int maxHeaders,
        int maxRequestLineBytes,
        int maxConcurrentPerConnection,
        int organisationRatePerSecond) {

    public IngestLimits {
        positive("HOOKGATE_INGEST_MAX_IN_FLIGHT", maxInFlight);
        positive("HOOKGATE_INGEST_MAX_CONNECTIONS", maxConnections);
        positive("HOOKGATE_INGEST_MAX_HEADER_BYTES", maxHeaderBytes);
        positive("HOOKGATE_INGEST_MAX_HEADERS", maxHeaders);
        positive("HOOKGATE_INGEST_MAX_REQUEST_LINE_BYTES", maxRequestLineBytes);
        positive("HOOKGATE_INGEST_MAX_CONCURRENT_PER_CONNECTION", maxConcurrentPerConnection);
        if (organisationRatePerSecond < 0) {
            throw new IllegalArgumentException("HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND must be 0 (no default quota) or more, was "
                    + organisationRatePerSecond);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("HOOKGATE_INGEST_REQUEST_TIMEOUT_MS and HOOKGATE_INGEST_IDLE_TIMEOUT_MS must be positive");
        }
    }

    static IngestLimits fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new IngestLimits(
                r.integer("HOOKGATE_INGEST_MAX_IN_FLIGHT", 1000, 1, 1_000_000),
                r.integer("HOOKGATE_INGEST_MAX_CONNECTIONS", 10_000, 1, 1_000_000),
                r.millis("HOOKGATE_INGEST_REQUEST_TIMEOUT_MS", 30_000, 100, 600_000),
                r.millis("HOOKGATE_INGEST_IDLE_TIMEOUT_MS", 60_000, 100, 3_600_000),
                r.integer("HOOKGATE_INGEST_MAX_HEADER_BYTES", 16 * 1024, 1024, 1024 * 1024),
                r.integer("HOOKGATE_INGEST_MAX_HEADERS", 100, 10, 10_000),
                r.integer("HOOKGATE_INGEST_MAX_REQUEST_LINE_BYTES", 8 * 1024, 256, 64 * 1024),
                r.integer("HOOKGATE_INGEST_MAX_CONCURRENT_PER_CONNECTION", 4, 1, 100_000),
                r.integer("HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND", 0, 0, 1_000_000));
    }

    private static void positive(String variable, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(variable + " must be at least 1, was " + value);
        }
    }
}
