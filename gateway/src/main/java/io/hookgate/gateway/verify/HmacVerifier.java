package io.hookgate.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Verifies any {@link HmacScheme}: the generic {@code HMAC} mode, {@code META}, and the data-only presets
 * (GitHub, Shopify, Paystack, Razorpay, PagerDuty, Zendesk, HubSpot v3, Linear, Vercel, Bitbucket, Webex).
 */
public final class HmacVerifier implements Verifier.Sync {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HmacScheme scheme;
    private final Crypto.Keyed keys;
    private final Duration tolerance;
    private final boolean signatureRequired;
    private final Clock clock;
    private final Supplier<String> publicBaseUrl;

    /**
     * @param tolerance         overrides the scheme's timestamp window (null keeps it)
     * @param signatureRequired false accepts requests that carry no signature header at all
     * @param publicBaseUrl     the URL senders call (HubSpot v3 signs it)
     */
    public HmacVerifier(HmacScheme scheme, List<String> secrets, Duration tolerance, boolean signatureRequired, Clock clock,
                        Supplier<String> publicBaseUrl) {
        this.scheme = scheme;
        this.keys = new Crypto.Keyed(scheme.algorithm(), Crypto.utf8(secrets));
        this.tolerance = tolerance != null ? tolerance : scheme.defaultTolerance();
        this.signatureRequired = signatureRequired;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public Verification check(SignedRequest request) {
        String header = null;
        for (String name : scheme.headers()) {
            header = request.header(name);
            if (header != null) {
                break;
            }
        }
        if (header == null || header.isEmpty()) {
            return signatureRequired || header != null
                    ? Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_header") : Verification.ok();
        }
        if (!Crypto.plausibleHeader(header)) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        String timestamp = null;
        if (scheme.timestampHeader() != null) {
            timestamp = request.header(scheme.timestampHeader());
            if (timestamp == null || timestamp.isEmpty()) {
                return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_timestamp_header");
            }
        }
        byte[][] signed = signedParts(request, timestamp);
        boolean any = false;
        boolean match = false;
        for (String entry : scheme.entrySeparator() == null ? new String[]{header} : header.split(scheme.entrySeparator())) {
            byte[] sig = decode(entry.trim());
            if (sig != null) {
                any = true;
                match |= keys.matchesAny(sig, signed);
            }
        }
        if (!match) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, any ? "signature_mismatch" : "malformed_signature_header");
        }
        return timestampCheck(timestamp, request.body());
    }

    private byte[][] signedParts(SignedRequest request, String timestamp) {
        return switch (scheme.signed()) {
            case BODY -> new byte[][]{request.body()};
            case TIMESTAMP_THEN_BODY -> new byte[][]{Crypto.utf8(timestamp), request.body()};
            case METHOD_URI_BODY_TIMESTAMP -> new byte[][]{Crypto.utf8(request.method() + hubspotUri(publicBaseUrl.get() + request.uri())),
                    request.body(), Crypto.utf8(timestamp)};
        };
    }

    private byte[] decode(String entry) {
        String value = entry;
        String prefix = scheme.prefix();
        if (prefix != null) {
            if (value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                value = value.substring(prefix.length());
            } else if (!scheme.prefixOptional()) {
                return null;
            }
        }
        if (scheme.prefixOptional()) {
            int eq = value.indexOf('=');
            if (eq > 0 && eq <= 7 && value.substring(0, eq).matches("sha1|sha256|sha512")) {
                value = value.substring(eq + 1);
            }
        }
        return scheme.encoding() == HmacScheme.Encoding.HEX ? Crypto.hex(value) : Crypto.base64(value);
    }

    private Verification timestampCheck(String timestamp, byte[] body) {
        if (tolerance == null) {
            return Verification.ok();
        }
        long millis;
        if (scheme.bodyTimestampField() != null) {
            millis = bodyTimestamp(body);
        } else if (timestamp == null) {
            return Verification.ok();
        } else {
            millis = switch (scheme.timestampUnit()) {
                case SECONDS -> Timestamps.parse(timestamp) < 0 ? -1 : Timestamps.parse(timestamp) * 1000;
                case MILLIS -> Timestamps.parse(timestamp);
                case ISO8601 -> iso(timestamp);
            };
        }
        if (millis < 0) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "timestamp_not_readable");
        }
        Verification stale = Timestamps.outside(millis, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    private long bodyTimestamp(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode field = node == null ? null : node.get(scheme.bodyTimestampField());
            return field != null && field.canConvertToLong() ? field.asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long iso(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** HubSpot decodes exactly these escapes in the URI before signing; everything else stays encoded. */
    static String hubspotUri(String uri) {
        String[][] escapes = {{"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
                {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};
        String out = uri;
        for (String[] e : escapes) {
            out = out.replace(e[0], e[1]).replace(e[0].toLowerCase(java.util.Locale.ROOT), e[1]);
        }
        return out;
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.copyOf(scheme.headers());
    }

    @Override
    public String eventId(SignedRequest request) {
        return scheme.eventIdHeader() == null ? null : request.header(scheme.eventIdHeader());
    }
}
