package io.hookgate.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND: the default quota of organisations without their own. */
class OrganisationRateLimitConfigTest {
    private static final String VARIABLE = "HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND";

    private static IngestLimits limits(Map<String, String> env) {
        return GatewayConfig.fromEnv(env, "localhost:9092").limits();
    }

    @Test
    void byDefaultOrganisationsHaveNoQuota() {
        assertThat(limits(Map.of()).organisationRatePerSecond()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5000, 1_000_000})
    void aQuotaInRangeIsRead(int perSecond) {
        assertThat(limits(Map.of(VARIABLE, Integer.toString(perSecond))).organisationRatePerSecond()).isEqualTo(perSecond);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1000001", "lots", "1.5", "1e3"})
    void aQuotaOutOfRangeOrNotAWholeNumberStopsTheProcessNamingTheVariable(String value) {
        assertThatThrownBy(() -> limits(Map.of(VARIABLE, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(VARIABLE);
    }

    @Test
    void theRecordItselfRefusesANegativeQuota() {
        assertThatThrownBy(() -> new IngestLimits(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, 10, 256, 1, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(VARIABLE);
    }
}
