package io.hookgate.model.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvReaderTest {

    private static EnvReader env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new EnvReader(map);
    }

    @Test
    void stringIsTrimmedAndFallsBackWhenUnsetOrBlank() {
        EnvReader r = env("SET", "  value  ", "BLANK", "   ", "EMPTY", "");

        assertThat(r.string("SET", "fallback")).isEqualTo("value");
        assertThat(r.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(r.string("EMPTY", "fallback")).isEqualTo("fallback");
        assertThat(r.string("UNSET", "fallback")).isEqualTo("fallback");
        assertThat(r.string("UNSET", null)).isNull();
    }

    @Test
    void laterChangesToTheSourceMapAreNotSeen() {
        Map<String, String> source = new HashMap<>(Map.of("PORT", "1"));
        EnvReader r = new EnvReader(source);
        source.put("PORT", "2");

        assertThat(r.integer("PORT", 0, 0, 10)).isEqualTo(1);
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource({"42, 42", "' 7 ', 7", "0, 0", "100, 100", "+5, 5", "007, 7"})
    void integerReadsWholeNumbersWithinRange(String raw, int expected) {
        assertThat(env("N", raw).integer("N", -1, 0, 100)).isEqualTo(expected);
    }

    @Test
    void integerFallsBackWhenUnsetOrBlank() {
        assertThat(env().integer("N", 8080, 0, 65535)).isEqualTo(8080);
        assertThat(env("N", " ").integer("N", 8080, 0, 65535)).isEqualTo(8080);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"abc", "1.5", "1e3", "12abc", "99999999999", "0x10"})
    void integerRefusesTextThatIsNotAWholeNumberNamingTheVariable(String raw) {
        assertThatThrownBy(() -> env("HOOKGATE_X", raw).integer("HOOKGATE_X", 1, 0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HOOKGATE_X must be a whole number, was '" + raw + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-1", "101", "-2147483648", "2147483647"})
    void integerRefusesValuesOutOfRangeNamingTheVariableAndBounds(String raw) {
        assertThatThrownBy(() -> env("HOOKGATE_X", raw).integer("HOOKGATE_X", 1, 0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HOOKGATE_X must be between 0 and 100, was " + raw);
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource({"true, true", "TRUE, true", "1, true", "yes, true", "On, true",
            "false, false", "False, false", "0, false", "no, false", "OFF, false", "' yes ', true"})
    void boolAcceptsTheUsualSpellings(String raw, boolean expected) {
        assertThat(env("B", raw).bool("B", !expected)).isEqualTo(expected);
    }

    @Test
    void boolFallsBackWhenUnsetAndRefusesAnythingElseNamingTheVariable() {
        assertThat(env().bool("B", true)).isTrue();
        assertThat(env().bool("B", false)).isFalse();
        assertThatThrownBy(() -> env("HOOKGATE_ACCESS_LOG", "enabled").bool("HOOKGATE_ACCESS_LOG", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HOOKGATE_ACCESS_LOG must be true or false, was 'enabled'");
    }

    @Test
    void listSplitsOnCommasTrimmingAndDroppingEmptyEntries() {
        assertThat(env("L", " a, b ,,c , ").list("L")).containsExactly("a", "b", "c");
        assertThat(env("L", "single").list("L")).containsExactly("single");
        assertThat(env("L", ",,").list("L")).isEmpty();
        assertThat(env().list("L")).isEmpty();
    }

    @Test
    void millisIsADurationWithTheSameRangeChecks() {
        assertThat(env().millis("T", 5000, 500, 120_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(env("T", "750").millis("T", 5000, 500, 120_000)).isEqualTo(Duration.ofMillis(750));
        assertThatThrownBy(() -> env("T", "499").millis("T", 5000, 500, 120_000))
                .hasMessage("T must be between 500 and 120000, was 499");
    }

    @Test
    void propertiesStripThePrefixAndBecomeLowerCaseDottedNames() {
        EnvReader r = env(
                "HOOKGATE_KAFKA_PRODUCER_LINGER_MS", "5",
                "HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd",
                "HOOKGATE_KAFKA_PRODUCER_", "nameless",
                "HOOKGATE_KAFKA_CONSUMER_FETCH_MIN_BYTES", "1",
                "OTHER", "x");

        assertThat(r.properties("HOOKGATE_KAFKA_PRODUCER_"))
                .containsOnly(Map.entry("linger.ms", "5"), Map.entry("compression.type", "zstd"));
        assertThat(r.properties("HOOKGATE_KAFKA_CONSUMER_")).containsOnly(Map.entry("fetch.min.bytes", "1"));
        assertThat(r.properties("NOTHING_")).isEmpty();
    }
}
