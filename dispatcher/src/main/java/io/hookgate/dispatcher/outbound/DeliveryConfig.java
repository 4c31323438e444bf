package io.hookgate.dispatcher.outbound;

import io.hookgate.model.config.EnvReader;
import io.hookgate.model.net.IpAllowList;

import java.time.Duration;
import java.util.Map;

/**
 * Outbound delivery settings: retries per environment (overridable per endpoint), backoff, timeouts,
 * concurrency per endpoint and per process, and the allow-list that lets deliveries reach private addresses.
 * The default schedule (base 5 s, factor 8, cap 10 h, ±20 % jitter) retries after about
 * 5 s, 40 s, 5 min, 43 min and 5.7 h.
 */
public record DeliveryConfig(
        String kafkaBootstrap,
        int maxRetriesTest,
        int maxRetriesLive,
        Duration retryBase,
        int retryFactor,
        Duration retryCap,
        Duration retryAfterCap,
        Duration requestTimeout,
        int perEndpointConcurrency,
        int inFlight,
        Duration disableAfterFailingFor,
        Duration lease,
        IpAllowList allow) {
    /** What a lease keeps beyond the longest attempt, so the worker that holds it settles before it lapses. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    public DeliveryConfig {
        if (perEndpointConcurrency > inFlight) {
            throw new IllegalArgumentException("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY (" + perEndpointConcurrency
                    + ") cannot exceed HOOKGATE_OUTBOUND_IN_FLIGHT (" + inFlight + ")");
        }
        if (lease.compareTo(requestTimeout.plus(LEASE_MARGIN)) < 0) {
            throw new IllegalArgumentException("HOOKGATE_OUTBOUND_LEASE_MS (" + lease.toMillis() + ") must exceed HOOKGATE_OUTBOUND_TIMEOUT_MS ("
                    + requestTimeout.toMillis() + ") by at least " + LEASE_MARGIN.toMillis() + " ms");
        }
    }

    public static DeliveryConfig fromEnv(Map<String, String> env, String kafkaBootstrap) {
        EnvReader r = new EnvReader(env);
        Duration timeout = r.millis("HOOKGATE_OUTBOUND_TIMEOUT_MS", 15_000, 100, 120_000);
        return new DeliveryConfig(
                kafkaBootstrap,
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_TEST", 5, 0, 20),
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE", 5, 0, 20),
                r.millis("HOOKGATE_OUTBOUND_RETRY_BASE_MS", 5_000, 10, 3_600_000),
                r.integer("HOOKGATE_OUTBOUND_RETRY_FACTOR", 8, 1, 100),
                r.millis("HOOKGATE_OUTBOUND_RETRY_CAP_MS", 36_000_000, 100, 86_400_000),
                r.millis("HOOKGATE_OUTBOUND_RETRY_AFTER_CAP_MS", 3_600_000, 1_000, 86_400_000),
                timeout,
                r.integer("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY", 4, 1, 256),
                r.integer("HOOKGATE_OUTBOUND_IN_FLIGHT", 256, 1, 10_000),
                r.millis("HOOKGATE_OUTBOUND_DISABLE_AFTER_MS", Duration.ofDays(5).toMillis(), 60_000, Duration.ofDays(90).toMillis()),
                r.millis("HOOKGATE_OUTBOUND_LEASE_MS", timeout.plusSeconds(30).toMillis(), 1_000, 600_000),
                IpAllowList.parse(r.list("HOOKGATE_OUTBOUND_ALLOW")));
    }

    /** Attempts in all: the endpoint's own limit, else its environment's retries plus the first attempt. */
    public int maxAttempts(String environment, Integer endpointMaxAttempts) {
        if (endpointMaxAttempts != null) {
            return endpointMaxAttempts;
        }
        return 1 + ("LIVE".equals(environment) ? maxRetriesLive : maxRetriesTest);
    }

    /**
     * When an attempt of a claim taken at {@code claimedAtNanos} must be over: the lease's end less the margin.
     * The sender never waits past it (DNS included), so no attempt outlives its lease and runs beside a retry.
     */
    public long attemptDeadlineNanos(long claimedAtNanos) {
        return claimedAtNanos + lease.minus(LEASE_MARGIN).toNanos();
    }

    /**
     * How many claimed deliveries may wait behind an endpoint's running attempts: as many as run, when the
     * lease leaves room for a whole attempt after waiting for one (so none expires unattempted in normal
     * operation); none otherwise.
     */
    public int prefetchPerEndpoint() {
        return lease.minus(LEASE_MARGIN).compareTo(requestTimeout.multipliedBy(2)) >= 0 ? perEndpointConcurrency : 0;
    }

    /** Longest a stopping worker waits for attempts in flight: one request timeout and a little more. */
    public Duration stopTimeout() {
        return requestTimeout.plusSeconds(5);
    }
}
