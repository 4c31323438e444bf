package io.hookgate.gateway.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vector of providers.md through the verifier its connection would get: valid, tampered, wrong
 * secret, stale and future timestamps, rotated multi-signature headers, malformed headers. (The deploy
 * module's conformance test sends the same vectors through the real HTTP endpoint.)
 */
class ProviderVectorsTest {

    static List<ProviderVector> vectors() {
        return ProviderVector.all(ProviderVector.DIRECTORY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifierGivesTheVectorsExpectedResult(ProviderVector v) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(v.nowSeconds() == null ? 1_700_000_000L : v.nowSeconds()), ZoneOffset.UTC);
        Verifiers verifiers = new Verifiers(null, null, clock, () -> "https://www.example.com");

        Verification result = ((Verifier.Sync) verifiers.fromSecrets(v.mode(), v.authSettings(), v.secrets())).check(v.request());

        if (v.expectsOk()) {
            assertThat(result.verified()).as(result.toString()).isTrue();
        } else {
            assertThat(result.reason()).isNotNull();
            assertThat(result.reason().name()).isEqualTo(v.expectedReason());
            assertThat(result.detail()).isEqualTo(v.expectedDetail());
        }
    }
}
