package io.hookgate.gateway.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code REVOLUT}: {@code Revolut-Signature: v1=<hex>[,v1=…]} over {@code "v1." + Revolut-Request-Timestamp + "." + body}
 * (timestamp in milliseconds), HMAC-SHA256 with the {@code wsk_} secret as text.
 */
public final class RevolutVerifier implements Verifier.Sync {
    static final String SIGNATURE = "revolut-signature";
    static final String TIMESTAMP = "revolut-request-timestamp";
    private final Crypto.Keyed keys;
    private final Duration tolerance;
    private final Clock clock;

    public RevolutVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification check(SignedRequest request) {
        String signature = request.header(SIGNATURE);
        String timestamp = request.header(TIMESTAMP);
        if (signature == null || signature.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_header");
        }
        long millis = Timestamps.parse(timestamp);
        if (millis < 0 || !Crypto.plausibleHeader(signature)) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, millis < 0 ? "timestamp_not_numeric" : "malformed_signature_header");
        }
        byte[] prefix = Crypto.utf8("v1." + timestamp + ".");
        boolean any = false;
        boolean match = false;
        for (String entry : signature.split(",")) {
            String e = entry.trim();
            if (e.startsWith("v1=")) {
                byte[] sig = Crypto.hex(e.substring(3));
                if (sig != null) {
                    any = true;
                    match |= keys.matchesAny(sig, prefix, request.body());
                }
            }
        }
        if (!match) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, any ? "signature_mismatch" : "no_supported_signature");
        }
        Verification stale = Timestamps.outside(millis, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(SIGNATURE);
    }
}
