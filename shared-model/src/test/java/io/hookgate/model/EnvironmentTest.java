package io.hookgate.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentTest {

    @Test
    void theKeyPrefixSelectsTheEnvironment() {
        assertThat(Environment.ofApiKey("hg_test_" + "a".repeat(32))).hasValue(Environment.TEST);
        assertThat(Environment.ofApiKey("hg_live_" + "a".repeat(32))).hasValue(Environment.LIVE);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "hg_", "hg_prod_abc", "HG_TEST_abc", "hg-test-abc", " hg_test_abc", "sk_live_abc", "hg_testabc"})
    void anyOtherKeyHasNoEnvironment(String key) {
        assertThat(Environment.ofApiKey(key)).isEmpty();
    }

    @Test
    void aMissingKeyHasNoEnvironment() {
        assertThat(Environment.ofApiKey(null)).isEmpty();
    }

    @Test
    void wireNamesAreLowerCase() {
        assertThat(Environment.TEST.wireName()).isEqualTo("test");
        assertThat(Environment.LIVE.wireName()).isEqualTo("live");
    }
}
