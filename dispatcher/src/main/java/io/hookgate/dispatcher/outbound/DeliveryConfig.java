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
        IpAllowList allow) {

    public DeliveryConfig {
        if (perEndpointConcurrency > inFlight) {
            throw new IllegalArgumentException("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY (" + perEndpointConcurrency
                    + ") cannot exceed HOOKGATE_OUTBOUND_IN_FLIGHT (" + inFlight + ")");
        }
    }

    public static DeliveryConfig fromEnv(Map<String, String> env, String kafkaBootstrap) {
        EnvReader r = new EnvReader(env);
        return new DeliveryConfig(
                kafkaBootstrap,
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_TEST", 5, 0, 20),
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE", 5, 0, 20),
                r.millis("HOOKGATE_OUTBOUND_RETRY_BASE_MS", 5_000, 10, 3_600_000),
                r.integer("HOOKGATE_OUTBOUND_RETRY_FACTOR", 8, 1, 100),
                r.millis("HOOKGATE_OUTBOUND_RETRY_CAP_MS", 36_000_000, 100, 86_400_000),
                r.millis("HOOKGATE_OUTBOUND_RETRY_AFTER_CAP_MS", 3_600_000, 1_000, 86_400_000),
                r.millis("HOOKGATE_OUTBOUND_TIMEOUT_MS", 15_000, 100, 120_000),
                r.integer("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY", 4, 1, 256),
                r.integer("HOOKGATE_OUTBOUND_IN_FLIGHT", 256, 1, 10_000),
                r.millis("HOOKGATE_OUTBOUND_DISABLE_AFTER_MS", Duration.ofDays(5).toMillis(), 60_000, Duration.ofDays(90).toMillis()),
                IpAllowList.parse(r.list("HOOKGATE_OUTBOUND_ALLOW")));
    }

    /** Attempts in all: the endpoint's own limit, else its environment's retries plus the first attempt. */
    public int maxAttempts(String environment, Integer endpointMaxAttempts) {
        if (endpointMaxAttempts != null) {
            return endpointMaxAttempts;
        }
        return 1 + ("LIVE".equals(environment) ? maxRetriesLive : maxRetriesTest);
    }

    /** Longest a stopping worker waits for attempts in flight: one request timeout and a little more. */
    public Duration stopTimeout() {
        return requestTimeout.plusSeconds(5);
    }

    /** How long a claim lasts: longer than any attempt, so a live worker never loses a delivery it is sending. */
    public Duration lease() {
        return requestTimeout.plusSeconds(30);
    }
}
