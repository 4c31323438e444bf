package io.hookgate.deploy.management;

import io.hookgate.deploy.HookgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HOOKGATE_MANAGEMENT_PORT and HOOKGATE_LIVENESS_STALL_MS as HookgateConfig reads and validates them. */
class ManagementConfigTest {
    private static HookgateConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("HOOKGATE_KAFKA_BOOTSTRAP", "kafka:9092"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return HookgateConfig.fromEnv(env);
    }

    @Test
    void everyProcessServesManagementOn9091ByDefault() {
        HookgateConfig config = config("HOOKGATE_ROLES", "dispatcher");
        assertThat(config.servesManagement()).isTrue();
        assertThat(config.managementPort()).isEqualTo(9091);
        assertThat(config.livenessStall()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void zeroAsksForAFreePort() {
        assertThat(config("HOOKGATE_MANAGEMENT_PORT", "0").managementPort()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", " Off "})
    void offTurnsTheManagementPortOff(String value) {
        HookgateConfig config = config("HOOKGATE_MANAGEMENT_PORT", value);
        assertThat(config.servesManagement()).isFalse();
        assertThat(config.toString()).contains("management=off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "none", "9091x"})
    void anythingElseStopsTheProcessNamingTheVariable(String value) {
        assertThatThrownBy(() -> config("HOOKGATE_MANAGEMENT_PORT", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOOKGATE_MANAGEMENT_PORT");
    }

    @Test
    void theManagementPortCannotBeTheIngestOrAdminPortOfTheSameProcess() {
        assertThatThrownBy(() -> config("HOOKGATE_ROLES", "ingest", "HOOKGATE_MANAGEMENT_PORT", "8080"))
                .hasMessageContaining("HOOKGATE_MANAGEMENT_PORT 8080 is also the ingest or admin port");
        assertThatThrownBy(() -> config("HOOKGATE_ROLES", "admin", "HOOKGATE_ADMIN_PORT", "9000", "HOOKGATE_MANAGEMENT_PORT", "9000"))
                .hasMessageContaining("HOOKGATE_MANAGEMENT_PORT");
        assertThat(config("HOOKGATE_ROLES", "dispatcher", "HOOKGATE_MANAGEMENT_PORT", "8080").managementPort())
                .as("a dispatcher opens no ingest port").isEqualTo(8080);
    }

    @Test
    void theLivenessStallIsAtLeastTenSeconds() {
        assertThat(config("HOOKGATE_LIVENESS_STALL_MS", "10000").livenessStall()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> config("HOOKGATE_LIVENESS_STALL_MS", "9999")).hasMessageContaining("HOOKGATE_LIVENESS_STALL_MS");
    }

    @Test
    void aDispatchersLivenessStallOutlastsItsOwnWaitsBetweenTurns() {
        assertThatThrownBy(() -> config("HOOKGATE_ROLES", "dispatcher", "HOOKGATE_LIVENESS_STALL_MS", "60000",
                "HOOKGATE_DISPATCHER_RETRY_MS", "30000"))
                .hasMessageContaining("HOOKGATE_LIVENESS_STALL_MS (60000) must be at least twice HOOKGATE_DISPATCHER_POLL_MS"
                        + " + HOOKGATE_DISPATCHER_RETRY_MS (30500)");
        assertThat(config("HOOKGATE_ROLES", "delivery", "HOOKGATE_LIVENESS_STALL_MS", "60000",
                "HOOKGATE_DISPATCHER_RETRY_MS", "30000").livenessStall()).as("no dispatcher loop to wait").isEqualTo(Duration.ofMinutes(1));
    }
}
