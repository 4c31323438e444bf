package io.hookgate.gateway.verify;

import io.hookgate.gateway.verify.Crypto.HmacAlgorithm;
import io.hookgate.gateway.verify.HmacScheme.Encoding;
import io.hookgate.gateway.verify.HmacScheme.Signed;
import io.hookgate.gateway.verify.HmacScheme.TimestampUnit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The provider presets of the {@code HMAC} mode. Most are data ({@link HmacScheme}); Mailgun (signature
 * inside the body) and Netlify (a JWS over the body's hash) differ in kind and have a class each.
 */
public enum HmacPreset {
    GITHUB(HmacScheme.body("x-hub-signature-256", HmacAlgorithm.SHA256, Encoding.HEX, "sha256=", "x-github-delivery")),
    SHOPIFY(new HmacScheme(List.of("x-shopify-hmac-sha256", "shopify-hmac-sha256"), HmacAlgorithm.SHA256, Encoding.BASE64,
            null, false, null, Signed.BODY, null, null, null, null, "x-shopify-webhook-id")),
    MAILGUN(null),
    PAYSTACK(HmacScheme.body("x-paystack-signature", HmacAlgorithm.SHA512, Encoding.HEX, null, null)),
    RAZORPAY(HmacScheme.body("x-razorpay-signature", HmacAlgorithm.SHA256, Encoding.HEX, null, "x-razorpay-event-id")),
    PAGERDUTY(new HmacScheme(List.of("x-pagerduty-signature"), HmacAlgorithm.SHA256, Encoding.HEX, "v1=", false, ",",
            Signed.BODY, null, null, null, null, null)),
    ZENDESK(new HmacScheme(List.of("x-zendesk-webhook-signature"), HmacAlgorithm.SHA256, Encoding.BASE64, null, false, null,
            Signed.TIMESTAMP_THEN_BODY, "x-zendesk-webhook-signature-timestamp", TimestampUnit.ISO8601, Duration.ofMinutes(5), null,
            "x-zendesk-webhook-invocation-id")),
    HUBSPOT_V3(new HmacScheme(List.of("x-hubspot-signature-v3"), HmacAlgorithm.SHA256, Encoding.BASE64, null, false, null,
            Signed.METHOD_URI_BODY_TIMESTAMP, "x-hubspot-request-timestamp", TimestampUnit.MILLIS, Duration.ofMinutes(5), null, null)),
    LINEAR(new HmacScheme(List.of("linear-signature"), HmacAlgorithm.SHA256, Encoding.HEX, null, false, null, Signed.BODY,
            null, null, Duration.ofSeconds(60), "webhookTimestamp", "linear-delivery")),
    VERCEL(HmacScheme.body("x-vercel-signature", HmacAlgorithm.SHA1, Encoding.HEX, null, null)),
    NETLIFY(null),
    BITBUCKET(new HmacScheme(List.of("x-hub-signature", "x-hub-signature-256"), HmacAlgorithm.SHA256, Encoding.HEX, "sha256=",
            false, null, Signed.BODY, null, null, null, null, "x-request-uuid")),
    WEBEX(new HmacScheme(List.of("x-hub-signature"), HmacAlgorithm.SHA256, Encoding.HEX, null, true, null, Signed.BODY,
            null, null, null, null, null));

    /** Meta (WhatsApp, Instagram, Graph): the GitHub format keyed with the app secret. */
    public static final HmacScheme META = HmacScheme.body("x-hub-signature-256", HmacAlgorithm.SHA256, Encoding.HEX, "sha256=", null);

    private final HmacScheme scheme;

    HmacPreset(HmacScheme scheme) {
        this.scheme = scheme;
    }

    public static HmacPreset parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.preset must be one of " + java.util.Arrays.toString(values()));
        }
    }

    /**
     * @param algorithm only Webex Connect lets the sender choose (SHA256 or SHA512); null keeps the preset's
     * @param tolerance overrides the preset's timestamp window, null keeps it
     */
    public Verifier verifier(List<String> secrets, HmacAlgorithm algorithm, Duration tolerance, boolean signatureRequired,
                             Clock clock, Supplier<String> publicBaseUrl) {
        return switch (this) {
            case MAILGUN -> new MailgunVerifier(secrets, tolerance, clock);
            case NETLIFY -> new NetlifyVerifier(secrets);
            default -> new HmacVerifier(withAlgorithm(algorithm), secrets, tolerance, signatureRequired, clock, publicBaseUrl);
        };
    }

    private HmacScheme withAlgorithm(HmacAlgorithm algorithm) {
        if (algorithm == null || algorithm == scheme.algorithm()) {
            return scheme;
        }
        if (this != WEBEX || algorithm == HmacAlgorithm.SHA1) {
            throw new IllegalArgumentException("auth.algorithm cannot be changed for preset " + this);
        }
        return new HmacScheme(scheme.headers(), algorithm, scheme.encoding(), scheme.prefix(), scheme.prefixOptional(),
                scheme.entrySeparator(), scheme.signed(), scheme.timestampHeader(), scheme.timestampUnit(),
                scheme.defaultTolerance(), scheme.bodyTimestampField(), scheme.eventIdHeader());
    }

    /** The URL segment of provider-qualified ingest URLs ({@code /webhooks/github/con_…}). */
    public String urlSegment() {
        return name().toLowerCase(Locale.ROOT);
    }
}
