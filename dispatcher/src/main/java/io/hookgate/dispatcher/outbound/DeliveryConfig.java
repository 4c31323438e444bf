package io.hookgate.dispatcher.outbound;

import io.hookgate.model.config.EnvReader;
import io.hookgate.model.net.IpAllowList;

import java.time.Duration;
import java.util.Map;

/**
 * Outbound delivery settings: retries per environment (overridable per endpoint), backoff, timeouts,
 * per-endpoint concurrency, and the allow-list that lets deliveries reach private addresses.
 */
public record DeliveryConfig(
        String kafkaBootstrap,
        int maxRetriesTest,
        int maxRetriesLive,
        Duration retryBase,
        Duration retryCap,
        Duration requestTimeout,
        int perEndpointConcurrency,
        Duration disableAfterFailingFor,
        IpAllowList allow) {

    public static DeliveryConfig fromEnv(Map<String, String> env, String kafkaBootstrap) {
        EnvReader r = new EnvReader(env);
        return new DeliveryConfig(
                kafkaBootstrap,
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_TEST", 5, 0, 20),
                r.integer("HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE", 5, 0, 20),
                r.millis("HOOKGATE_OUTBOUND_RETRY_BASE_MS", 5_000, 10, 3_600_000),
                r.millis("HOOKGATE_OUTBOUND_RETRY_CAP_MS", 3_600_000, 100, 86_400_000),
                r.millis("HOOKGATE_OUTBOUND_TIMEOUT_MS", 15_000, 100, 120_000),
                r.integer("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY", 4, 1, 256),
                Duration.ofDays(5),
                IpAllowList.parse(r.list("HOOKGATE_OUTBOUND_ALLOW")));
    }

    public int maxAttempts(String environment, Integer endpointMaxAttempts) {
        if (endpointMaxAttempts != null) {
            return endpointMaxAttempts;
        }
        return 1 + ("LIVE".equals(environment) ? maxRetriesLive : maxRetriesTest);
    }

    /** Exponential backoff with ±20 % jitter, capped. */
    public Duration backoff(int attemptsSoFar, double jitter) {
        long base = retryBase.toMillis() << Math.min(20, Math.max(0, attemptsSoFar - 1));
        long capped = Math.min(base, retryCap.toMillis());
        return Duration.ofMillis((long) (capped * (0.8 + 0.4 * jitter)));
    }
}
