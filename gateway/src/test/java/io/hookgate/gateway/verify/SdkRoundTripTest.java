package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.model.AuthMode;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The providers' own SDKs sign; our verifiers accept — and refuse the same request once tampered with. */
class SdkRoundTripTest {
    private static final long NOW = 1_750_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final Verifiers VERIFIERS = new Verifiers(null, null, CLOCK, () -> "https://hooks.example.com");
    private static final String BODY = "{\"id\":\"evt_sdk\",\"type\":\"invoice.paid\",\"data\":{\"amount\":4200,\"note\":\"caf\\u00e9\"}}";

    @Test
    void acceptsWhatStripeJavaSigns() throws Exception {
        String secret = "whsec_sdk_round_trip_secret";
        String header = com.stripe.net.Webhook.Signature.generateSignatureHeader(BODY, secret, NOW);

        assertRoundTrip(AuthMode.STRIPE, AuthSettings.NONE, secret, Map.of("Stripe-Signature", header));
    }

    @Test
    void acceptsWhatTheStandardWebhooksLibrarySigns() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String signature = new com.standardwebhooks.Webhook(secret).sign("msg_sdk_1", NOW, BODY);

        assertRoundTrip(AuthMode.SVIX, AuthSettings.NONE, secret,
                Map.of("webhook-id", "msg_sdk_1", "webhook-timestamp", Long.toString(NOW), "webhook-signature", signature));
    }

    @Test
    void acceptsWhatTheSvixLibrarySigns() throws Exception {
        String secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        String signature = new com.svix.Webhook(secret).sign("msg_svix_1", NOW, BODY);

        assertRoundTrip(AuthMode.SVIX, AuthSettings.NONE, secret,
                Map.of("svix-id", "msg_svix_1", "svix-timestamp", Long.toString(NOW), "svix-signature", signature));
    }

    @Test
    void acceptsWhatTheSlackSdkSigns() {
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        String signature = new com.slack.api.app_backend.SlackSignature.Generator(secret).generate(Long.toString(NOW), BODY);

        assertRoundTrip(AuthMode.SLACK, AuthSettings.NONE, secret,
                Map.of("X-Slack-Signature", signature, "X-Slack-Request-Timestamp", Long.toString(NOW)));
    }

    @Test
    void acceptsWhatRazorpayJavaSigns() throws Exception {
        String secret = "razorpay_webhook_secret";
        String signature = com.razorpay.Utils.getHash(BODY, secret);

        assertRoundTrip(AuthMode.HMAC, new AuthSettings("RAZORPAY", null, null, null, null, null, null, null), secret,
                Map.of("X-Razorpay-Signature", signature));
    }

    private static void assertRoundTrip(AuthMode mode, AuthSettings settings, String secret, Map<String, String> headers) {
        Verifier.Sync verifier = (Verifier.Sync) VERIFIERS.fromSecrets(mode, settings, List.of(secret));

        assertThat(verifier.check(request(headers, BODY)).verified()).as("the SDK's signature").isTrue();
        Verification tampered = verifier.check(request(headers, BODY.replace("4200", "4201")));
        assertThat(tampered.verified()).as("the same signature on a tampered body").isFalse();
        assertThat(tampered.reason()).isEqualTo(FailureReason.INVALID_SIGNATURE);
    }

    private static SignedRequest request(Map<String, String> headers, String body) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(h::add);
        return new SignedRequest("POST", "/webhooks/in/con_x", h, MultiMap.caseInsensitiveMultiMap(), body.getBytes(StandardCharsets.UTF_8));
    }
}
