package io.hookgate.gateway.ingest;

import io.hookgate.gateway.verify.ProviderVector;
import io.hookgate.gateway.verify.SecretHasher;
import io.hookgate.gateway.verify.SharedSecretVerifier;
import io.hookgate.gateway.verify.Verifier;
import io.hookgate.gateway.verify.Verifiers;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class HeaderScrubberTest {

    private static MultiMap headers(String... pairs) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void keepsOrdinaryHeadersLowerCasedInOrderWithRepeatsAsLists() {
        Map<String, List<String>> out = HeaderScrubber.scrub(headers(
                "Content-Type", "application/json",
                "X-GitHub-Event", "push",
                "Accept", "a/b",
                "accept", "c/d"), Set.of());

        assertThat(out).containsExactly(
                entry("content-type", List.of("application/json")),
                entry("x-github-event", List.of("push")),
                entry("accept", List.of("a/b", "c/d")));
    }

    @Test
    void removesCredentialsCookiesAndEverySignatureHeaderWhateverTheirCase() {
        MultiMap in = headers("Content-Type", "application/json");
        HeaderScrubber.ALWAYS_REMOVED.forEach(name -> in.add(name.toUpperCase(java.util.Locale.ROOT), "secret-" + name));

        Map<String, List<String>> out = HeaderScrubber.scrub(in, Set.of());

        assertThat(out).containsOnlyKeys("content-type");
        assertThat(out.toString()).doesNotContain("secret-");
    }

    @Test
    void alsoRemovesTheConnectionsOwnCredentialHeaders() {
        Map<String, List<String>> out = HeaderScrubber.scrub(
                headers("X-Custom-Sig", "abc", "X-Custom-Event", "ping"), Set.of("x-custom-sig"));

        assertThat(out).containsOnlyKeys("x-custom-event");
    }

    @Test
    void theCommonCredentialHeadersAreAlwaysRemoved() {
        assertThat(HeaderScrubber.ALWAYS_REMOVED).contains("authorization", "proxy-authorization", "cookie", "x-api-key",
                "x-webhook-secret", "key", "stripe-signature", "x-hub-signature-256", "webhook-signature", "svix-signature");
    }

    @Test
    void noHeadersGiveNoHeaders() {
        assertThat(HeaderScrubber.scrub(MultiMap.caseInsensitiveMultiMap(), Set.of())).isEmpty();
    }

    /**
     * One provider vector per file: each file is one mode or preset with working settings and secrets. Generic
     * HMAC is left out: its header is whatever the connection names, so only the connection can remove it.
     */
    static List<ProviderVector> vectors() {
        Map<String, ProviderVector> firstOfFile = new java.util.LinkedHashMap<>();
        ProviderVector.all(ProviderVector.DIRECTORY).stream()
                .filter(v -> !(v.mode() == io.hookgate.model.AuthMode.HMAC && v.authSettings().preset() == null))
                .forEach(v -> firstOfFile.putIfAbsent(v.file(), v));
        return List.copyOf(firstOfFile.values());
    }

    /**
     * Requests for an unknown connection are still recorded: the fixed list alone must remove every header a
     * verifier treats as a credential.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyVerifiersCredentialHeadersAreRemovedEvenWithoutKnowingTheConnection(ProviderVector v) {
        Verifier verifier = new Verifiers(null, null, Clock.systemUTC(), () -> "https://hooks.example.com")
                .fromSecrets(v.mode(), v.authSettings(), v.secrets());

        assertThat(HeaderScrubber.ALWAYS_REMOVED).containsAll(verifier.credentialHeaders());
    }

    @Test
    void theSharedSecretHeaderIsAlwaysRemoved() {
        Verifier verifier = new SharedSecretVerifier(List.of("$2a$10$hash"), new SecretHasher(null, 1));

        assertThat(HeaderScrubber.ALWAYS_REMOVED).containsAll(verifier.credentialHeaders());
    }
}
