package io.hookgate.dispatcher.outbound;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryConfigTest {
    @Test
    void defaultsRetryFiveTimesWithinFifteenSecondAttempts() {
        DeliveryConfig config = Configs.defaults();
        assertThat(config.maxAttempts("TEST", null)).isEqualTo(6);
        assertThat(config.maxAttempts("LIVE", null)).isEqualTo(6);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.perEndpointConcurrency()).isEqualTo(4);
        assertThat(config.inFlight()).isEqualTo(256);
        assertThat(config.disableAfterFailingFor()).isEqualTo(Duration.ofDays(5));
        assertThat(config.retryAfterCap()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void eachEnvironmentHasItsOwnRetriesAndAnEndpointCanOverrideThem() {
        DeliveryConfig config = Configs.with("HOOKGATE_OUTBOUND_MAX_RETRIES_TEST", "1", "HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE", "8");
        assertThat(config.maxAttempts("TEST", null)).isEqualTo(2);
        assertThat(config.maxAttempts("LIVE", null)).isEqualTo(9);
        assertThat(config.maxAttempts("LIVE", 3)).isEqualTo(3);
    }

    @Test
    void leaseDefaultsToTheTimeoutPlusThirtySeconds() {
        assertThat(Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "2000").lease()).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void refusesALeaseThatAnAttemptCouldOutlive() {
        assertThatThrownBy(() -> Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "10000", "HOOKGATE_OUTBOUND_LEASE_MS", "12000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOOKGATE_OUTBOUND_LEASE_MS");
    }

    @Test
    void attemptDeadlineEndsTheMarginBeforeTheLease() {
        DeliveryConfig config = Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "2000", "HOOKGATE_OUTBOUND_LEASE_MS", "9000");
        assertThat(config.attemptDeadlineNanos(1_000)).isEqualTo(1_000 + Duration.ofSeconds(4).toNanos());
    }

    @Test
    void prefetchesAsManyAsRunPerEndpointOnlyWhenTheLeaseOutlastsAWaitAndAWholeAttempt() {
        assertThat(Configs.defaults().prefetchPerEndpoint()).as("45 s lease, 15 s attempts").isEqualTo(4);
        assertThat(Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "10000", "HOOKGATE_OUTBOUND_LEASE_MS", "25000").prefetchPerEndpoint())
                .as("exactly two attempts fit before the margin").isEqualTo(4);
        assertThat(Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "10000", "HOOKGATE_OUTBOUND_LEASE_MS", "24999").prefetchPerEndpoint())
                .as("a waiting delivery could expire unattempted").isZero();
    }

    @Test
    void refusesAnEndpointCapAboveTheProcessCap() {
        assertThatThrownBy(() -> Configs.with("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY", "20", "HOOKGATE_OUTBOUND_IN_FLIGHT", "10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOOKGATE_OUTBOUND_ENDPOINT_CONCURRENCY");
    }

    @Test
    void refusesValuesOutOfRangeNamingTheVariable() {
        assertThatThrownBy(() -> Configs.with("HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE", "21")).hasMessageContaining("HOOKGATE_OUTBOUND_MAX_RETRIES_LIVE");
        assertThatThrownBy(() -> Configs.with("HOOKGATE_OUTBOUND_TIMEOUT_MS", "soon")).hasMessageContaining("HOOKGATE_OUTBOUND_TIMEOUT_MS");
        assertThatThrownBy(() -> Configs.with("HOOKGATE_OUTBOUND_ALLOW", "10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
