package io.hookgate.gateway.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code PADDLE} (Billing v2): {@code Paddle-Signature: ts=<s>;h1=<hex>[;h1=…]} over {@code ts + ":" + body},
 * HMAC-SHA256 with the endpoint secret as text. Unknown keys (h2 …) are ignored; any h1 may match.
 */
public final class PaddleVerifier implements Verifier.Sync {
    static final String HEADER = "paddle-signature";
    private final Crypto.Keyed keys;
    private final Duration tolerance;
    private final Clock clock;

    public PaddleVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification check(SignedRequest request) {
        String header = request.header(HEADER);
        if (header == null || header.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_header");
        }
        if (!Crypto.plausibleHeader(header)) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        String ts = null;
        List<byte[]> h1 = new ArrayList<>(2);
        for (String item : header.split(";")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("ts")) {
                ts = value;
            } else if (key.equals("h1")) {
                byte[] sig = Crypto.hex(value);
                if (sig != null) {
                    h1.add(sig);
                }
            }
        }
        long seconds = Timestamps.parse(ts);
        if (seconds < 0) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        if (h1.isEmpty()) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "no_supported_signature");
        }
        byte[] prefix = Crypto.utf8(ts + ":");
        boolean match = false;
        for (byte[] sig : h1) {
            match |= keys.matchesAny(sig, prefix, request.body());
        }
        if (!match) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "signature_mismatch");
        }
        Verification stale = Timestamps.outside(seconds * 1000, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(HEADER);
    }
}
