package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.model.AuthMode;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RS256 bearer tokens (with a key pair made here), algorithm confusion, and optional signatures. */
class JwtAndOptionalSignatureTest {
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final Verifiers VERIFIERS = new Verifiers(null, null, CLOCK, () -> "https://hooks.example.com");

    @Test
    void acceptsRs256TokenSignedByThePrivateKeyOfTheConfiguredPublicKey() throws Exception {
        KeyPair pair = rsa();
        Verifier.Sync verifier = rs256(pair);

        String token = rs256Token(pair, "{\"iss\":\"connect\",\"exp\":" + (NOW + 300) + "}");

        assertThat(verifier.check(bearer(token)).verified()).isTrue();
    }

    @Test
    void rejectsRs256TokenSignedByAnotherKey() throws Exception {
        Verifier.Sync verifier = rs256(rsa());

        Verification result = verifier.check(bearer(rs256Token(rsa(), "{\"exp\":" + (NOW + 300) + "}")));

        assertThat(result.reason()).isEqualTo(FailureReason.INVALID_CREDENTIALS);
        assertThat(result.detail()).isEqualTo("signature_mismatch");
    }

    @Test
    void rejectsHs256TokenKeyedWithThePublicKeyOnAnRs256Connection() throws Exception {
        KeyPair pair = rsa();
        Verifier.Sync verifier = rs256(pair);
        String header = b64u("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64u("{\"exp\":" + (NOW + 300) + "}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pem(pair).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String forged = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));

        Verification result = verifier.check(bearer(forged));

        assertThat(result.detail()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void rejectsRs256TokenBeforeItsNotBefore() throws Exception {
        KeyPair pair = rsa();

        Verification result = rs256(pair).check(bearer(rs256Token(pair, "{\"nbf\":" + (NOW + 600) + "}")));

        assertThat(result.reason()).isEqualTo(FailureReason.STALE_TIMESTAMP);
        assertThat(result.detail()).isEqualTo("token_not_yet_valid");
    }

    @Test
    void refusesRs256ConnectionWithoutAValidPublicKey() {
        assertThatThrownBy(() -> VERIFIERS.fromSecrets(AuthMode.JWT, new AuthSettings(null, "RS256", null, null, null, null, null, "not a key"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publicKey");
    }

    @Test
    void optionalSignatureAcceptsUnsignedRequestsButStillRejectsWrongSignatures() {
        AuthSettings optional = new AuthSettings("WEBEX", null, null, null, null, null, false, null);
        Verifier.Sync verifier = (Verifier.Sync) VERIFIERS.fromSecrets(AuthMode.HMAC, optional, List.of("hub-secret"));

        assertThat(verifier.check(request(MultiMap.caseInsensitiveMultiMap())).verified()).isTrue();
        assertThat(verifier.check(request(MultiMap.caseInsensitiveMultiMap().add("x-hub-signature", "00ff"))).verified()).isFalse();
    }

    @Test
    void refusesEmptySecretsForEverySigningMode() {
        for (AuthMode mode : List.of(AuthMode.STRIPE, AuthMode.SLACK, AuthMode.SVIX, AuthMode.PADDLE, AuthMode.REVOLUT,
                AuthMode.META, AuthMode.SERVICE_KEY, AuthMode.JWT)) {
            assertThatThrownBy(() -> VERIFIERS.fromSecrets(mode, AuthSettings.NONE, List.of(""))).as(mode.name())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Verifier.Sync rs256(KeyPair pair) {
        return (Verifier.Sync) VERIFIERS.fromSecrets(AuthMode.JWT,
                new AuthSettings(null, "RS256", null, null, null, null, null, pem(pair)), List.of());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
    }

    private static String rs256Token(KeyPair pair, String claims) throws Exception {
        String header = b64u("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = b64u(claims);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String b64u(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static SignedRequest bearer(String token) {
        return request(MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token));
    }

    private static SignedRequest request(MultiMap headers) {
        return new SignedRequest("POST", "/webhooks/in/con_x", headers, MultiMap.caseInsensitiveMultiMap(),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }
}
