package io.hookgate.gateway.verify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the signature verifiers (Jazzer). In {@code mvn verify} each target runs in
 * regression mode on its seeds ({@code src/test/resources/.../VerifierFuzzTestInputs}); with
 * {@code JAZZER_FUZZ=1} the fuzzer explores (see README, "Fuzzing").
 * <ul>
 *   <li>whatever headers and body a forger sends, every verifier answers a typed failure — never an
 *       exception, never a pass;</li>
 *   <li>whatever the body, a request signed with the secret passes: no byte of it upsets the signed text.</li>
 * </ul>
 */
class VerifierFuzzTest {
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final String SECRET = "whsec_fuzzing-secret-0001";
    private static final byte[] SVIX_KEY = "fuzzing-svix-key-0001".getBytes(StandardCharsets.UTF_8);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final List<String> HEADER_NAMES = List.of("stripe-signature", "x-slack-signature", "x-slack-request-timestamp",
            "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature",
            "x-hub-signature-256", "paddle-signature", "revolut-signature", "revolut-request-timestamp", "authorization",
            "x-shopify-hmac-sha256", "x-zendesk-webhook-signature", "x-zendesk-webhook-signature-timestamp");

    private static final StripeVerifier STRIPE = new StripeVerifier(List.of(SECRET), TOLERANCE, CLOCK);
    private static final SlackVerifier SLACK = new SlackVerifier(List.of(SECRET), TOLERANCE, CLOCK);
    private static final StandardWebhooksVerifier SVIX = new StandardWebhooksVerifier(
            List.of("whsec_" + Base64.getEncoder().encodeToString(SVIX_KEY)), List.of(), TOLERANCE, CLOCK);
    private static final Verifier.Sync GITHUB = (Verifier.Sync) HmacPreset.GITHUB.verifier(List.of(SECRET), null, null, true, CLOCK,
            () -> "http://localhost");
    private static final List<Verifier.Sync> ALL = List.of(STRIPE, SLACK, SVIX, GITHUB,
            new PaddleVerifier(List.of(SECRET), TOLERANCE, CLOCK), new RevolutVerifier(List.of(SECRET), TOLERANCE, CLOCK),
            JwtVerifier.hs256(List.of(SECRET), CLOCK),
            (Verifier.Sync) HmacPreset.SHOPIFY.verifier(List.of(SECRET), null, null, true, CLOCK, () -> "http://localhost"),
            (Verifier.Sync) HmacPreset.ZENDESK.verifier(List.of(SECRET), null, null, true, CLOCK, () -> "http://localhost"));

    @FuzzTest(maxDuration = "60s")
    void forgedRequestsAreRefusedWithATypedReasonNeverAnException(FuzzedDataProvider data) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        int count = data.consumeInt(0, 6);
        for (int i = 0; i < count; i++) {
            // Netty hands header values over as ISO-8859-1 text: any byte, one char each.
            headers.add(data.pickValue(HEADER_NAMES), new String(data.consumeBytes(300), StandardCharsets.ISO_8859_1));
        }
        SignedRequest request = request(headers, data.consumeRemainingAsBytes());
        for (Verifier.Sync verifier : ALL) {
            Verification result = verifier.check(request);
            assertThat(result.verified()).as("%s passed a request signed without its secret", verifier.getClass().getSimpleName())
                    .isFalse();
            assertThat(result.reason()).isNotNull();
            assertThat(result.detail()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void genuineRequestsPassWhateverTheirBody(FuzzedDataProvider data) {
        long t = NOW - data.consumeLong(0, TOLERANCE.toSeconds());
        String id = "msg_" + data.consumeAsciiString(30).replaceAll("[^A-Za-z0-9_]", "");
        byte[] body = data.consumeRemainingAsBytes();

        MultiMap stripe = MultiMap.caseInsensitiveMultiMap().add("stripe-signature", "t=" + t + ",v1=" + hex(hmac(SECRET, t + ".", body)));
        MultiMap slack = MultiMap.caseInsensitiveMultiMap().add("x-slack-request-timestamp", Long.toString(t))
                .add("x-slack-signature", "v0=" + hex(hmac(SECRET, "v0:" + t + ":", body)));
        MultiMap svix = MultiMap.caseInsensitiveMultiMap().add("webhook-id", id).add("webhook-timestamp", Long.toString(t))
                .add("webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(SVIX_KEY, id + "." + t + ".", body)));
        MultiMap github = MultiMap.caseInsensitiveMultiMap().add("x-hub-signature-256", "sha256=" + hex(hmac(SECRET, "", body)));

        assertThat(STRIPE.check(request(stripe, body)).verified()).as("stripe").isTrue();
        assertThat(SLACK.check(request(slack, body)).verified()).as("slack").isTrue();
        assertThat(SVIX.check(request(svix, body)).verified()).as("svix").isTrue();
        assertThat(GITHUB.check(request(github, body)).verified()).as("github").isTrue();
    }

    private static SignedRequest request(MultiMap headers, byte[] body) {
        return new SignedRequest("POST", "/webhooks/in/con_fuzz", headers, MultiMap.caseInsensitiveMultiMap(), body);
    }

    private static byte[] hmac(String secret, String prefix, byte[] body) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), prefix, body);
    }

    private static byte[] hmac(byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
