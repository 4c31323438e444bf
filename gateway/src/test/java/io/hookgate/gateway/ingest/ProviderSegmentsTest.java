package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.AuthMode;
import io.hookgate.gateway.verify.HmacPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static io.hookgate.gateway.connection.Connections.aConnection;
import static org.assertj.core.api.Assertions.assertThat;

class ProviderSegmentsTest {

    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void everyModeAnswersToItsOwnLowerCaseName(AuthMode mode) {
        Connection connection = aConnection().auth(mode).build();

        assertThat(ProviderSegments.accepts(connection, mode.urlSegment())).isTrue();
        assertThat(ProviderSegments.accepts(connection, mode.name())).as("case-insensitive").isTrue();
    }

    @ParameterizedTest(name = "{0} generic={1}")
    @CsvSource({"NONE, true", "SHARED_SECRET, true", "URL_KEY, true", "HMAC, true", "SERVICE_KEY, true", "JWT, true",
            "STRIPE, false", "SLACK, false", "SVIX, false", "PADDLE, false", "REVOLUT, false", "META, false"})
    void onlyModesThatAreNoOneProvidersAnswerToGeneric(AuthMode mode, boolean generic) {
        assertThat(ProviderSegments.accepts(aConnection().auth(mode).build(), "generic")).isEqualTo(generic);
        assertThat(ProviderSegments.accepts(aConnection().auth(mode).build(), "GENERIC")).isEqualTo(generic);
    }

    @Test
    void anotherProvidersNameIsAMismatch() {
        Connection stripe = aConnection().auth(AuthMode.STRIPE).build();

        assertThat(ProviderSegments.accepts(stripe, "slack")).isFalse();
        assertThat(ProviderSegments.accepts(stripe, "github")).isFalse();
        assertThat(ProviderSegments.accepts(stripe, "stripe2")).isFalse();
        assertThat(ProviderSegments.accepts(stripe, "")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HmacPreset.class)
    void anHmacConnectionAlsoAnswersToItsPresetsName(HmacPreset preset) {
        Connection connection = aConnection().hmacPreset(preset.name()).build();

        assertThat(ProviderSegments.accepts(connection, preset.urlSegment())).isTrue();
        assertThat(ProviderSegments.accepts(connection, preset.urlSegment().replace('_', '-'))).isTrue();
        assertThat(ProviderSegments.accepts(connection, "hmac")).isTrue();
        assertThat(ProviderSegments.accepts(connection, "generic")).isTrue();
    }

    @Test
    void aPresetNameOnlyMatchesItsOwnConnection() {
        assertThat(ProviderSegments.accepts(aConnection().hmacPreset("GITHUB").build(), "shopify")).isFalse();
        assertThat(ProviderSegments.accepts(aConnection().hmacPreset("HUBSPOT_V3").build(), "hubspot")).isFalse();
        assertThat(ProviderSegments.accepts(aConnection().auth(AuthMode.HMAC).build(), "github"))
                .as("generic HMAC without a preset").isFalse();
        assertThat(ProviderSegments.accepts(aConnection().auth(AuthMode.STRIPE).build(), "github")).isFalse();
    }

    @Test
    void aPresetSettingOnAnotherModeIsIgnored() {
        Connection odd = aConnection().auth(AuthMode.JWT,
                new io.hookgate.gateway.connection.AuthSettings("GITHUB", null, null, null, null, null, null, null)).build();

        assertThat(ProviderSegments.accepts(odd, "github")).isFalse();
    }
}
