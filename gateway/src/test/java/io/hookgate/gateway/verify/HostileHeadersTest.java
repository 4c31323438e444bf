package io.hookgate.gateway.verify;

import io.vertx.core.MultiMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Whatever arrives in the credential headers — empty, huge, non-ASCII, repeated, half a scheme — every
 * verifier answers with a typed failure: never an exception (a 500), never a pass.
 */
class HostileHeadersTest {
    private static final List<String> GARBAGE = List.of("", " ", "x".repeat(20_000), "ä€😀", "t=,v1=", "v1,", "sha256=",
            "t=1700000000,v1=" + "0".repeat(64), "v1=zz,v1=", "ts=;h1=", "Bearer ", "Bearer a.b.c", "Bearer ...",
            "=", ",,,", "v1a,AAAA", "sha512=" + "f".repeat(128), "%00%ff", "\t");

    record Attack(String mode, ProviderVector vector, Map<String, List<String>> headers) {
        @Override
        public String toString() {
            return vector.file() + " " + headers.keySet() + " = " + abbreviate(headers.values().iterator().next());
        }

        private static String abbreviate(List<String> values) {
            String s = String.valueOf(values);
            return s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }
    }

    static List<Attack> attacks() {
        Map<String, ProviderVector> perFile = new LinkedHashMap<>();
        for (ProviderVector v : ProviderVector.all(ProviderVector.DIRECTORY)) {
            perFile.putIfAbsent(v.file(), v);
        }
        List<Attack> out = new ArrayList<>();
        for (ProviderVector v : perFile.values()) {
            List<String> names = new ArrayList<>(v.headers().fieldNames());
            names.add("authorization");
            for (String name : names) {
                for (String value : GARBAGE) {
                    out.add(new Attack(v.mode().name(), v, Map.of(name, List.of(value))));
                }
                out.add(new Attack(v.mode().name(), v, Map.of(name, List.of("v1=abc", "v1=def"))));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void garbageInCredentialHeadersIsATypedFailure(Attack attack) {
        ProviderVector v = attack.vector();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(v.nowSeconds() == null ? 1_700_000_000L : v.nowSeconds()), ZoneOffset.UTC);
        Verifier.Sync verifier = (Verifier.Sync) new Verifiers(null, null, clock, () -> "https://www.example.com")
                .fromSecrets(v.mode(), v.authSettings(), v.secrets());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        // The vector's other headers stay, so that each attack breaks exactly one thing.
        v.headers().forEach(h -> headers.add(h.getKey(), String.valueOf(h.getValue())));
        attack.headers().forEach((name, values) -> {
            headers.remove(name);
            values.forEach(value -> headers.add(name, value));
        });
        SignedRequest request = new SignedRequest("POST", "/webhook", headers, MultiMap.caseInsensitiveMultiMap(),
                v.body().getBytes(StandardCharsets.UTF_8));

        assertThatCode(() -> verifier.check(request)).doesNotThrowAnyException();
        Verification result = verifier.check(request);
        if (!attack.headers().containsKey("authorization") || v.mode().name().equals("JWT")) {
            assertThat(result.verified()).isFalse();
            assertThat(result.reason()).isNotNull();
            assertThat(result.detail()).matches("[a-z_]+");
        }
    }
}
