package io.hookgate.gateway.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code SLACK}: {@code X-Slack-Signature: v0=<hex>} over {@code "v0:" + X-Slack-Request-Timestamp + ":" + body},
 * HMAC-SHA256 with the signing secret.
 */
public final class SlackVerifier implements Verifier.Sync {
    static final String SIGNATURE = "x-slack-signature";
    static final String TIMESTAMP = "x-slack-request-timestamp";
    private final Crypto.Keyed keys;
    private final Duration tolerance;
    private final Clock clock;

    public SlackVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification check(SignedRequest request) {
        String signature = request.header(SIGNATURE);
        String timestamp = request.header(TIMESTAMP);
        if (signature == null || signature.isEmpty() || timestamp == null || timestamp.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, signature == null ? "missing_signature_header" : "missing_timestamp_header");
        }
        long seconds = Timestamps.parse(timestamp);
        if (seconds < 0) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "timestamp_not_numeric");
        }
        if (!signature.startsWith("v0=")) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "unknown_version");
        }
        byte[] sig = Crypto.hex(signature.substring(3));
        if (sig == null) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        if (!keys.matchesAny(sig, Crypto.utf8("v0:" + timestamp + ":"), request.body())) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "signature_mismatch");
        }
        Verification stale = Timestamps.outside(seconds * 1000, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(SIGNATURE);
    }
}
