package io.hookgate.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mailgun preset: the signature is inside the body — JSON {@code {"signature":{"timestamp","token","signature"}}}
 * or form fields {@code timestamp}, {@code token}, {@code signature} — as hex HMAC-SHA256 of
 * {@code timestamp + token} with the webhook signing key. The timestamp window applies only when configured.
 */
final class MailgunVerifier implements Verifier.Sync {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Crypto.Keyed keys;
    private final Duration tolerance;
    private final Clock clock;

    MailgunVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification check(SignedRequest request) {
        Map<String, String> fields = fields(request.body());
        String timestamp = fields.get("timestamp");
        String token = fields.get("token");
        String signature = fields.get("signature");
        if (signature == null || timestamp == null || token == null) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_fields");
        }
        byte[] sig = Crypto.hex(signature);
        long seconds = Timestamps.parse(timestamp);
        if (sig == null || seconds < 0) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_fields");
        }
        if (!keys.matchesAny(sig, Crypto.utf8(timestamp + token))) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "signature_mismatch");
        }
        Verification stale = tolerance == null ? null : Timestamps.outside(seconds * 1000, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    private static Map<String, String> fields(byte[] body) {
        Map<String, String> out = new HashMap<>();
        if (body.length > 0 && body[0] == '{') {
            try {
                JsonNode signature = JSON.readTree(body).get("signature");
                if (signature != null && signature.isObject()) {
                    for (String name : new String[]{"timestamp", "token", "signature"}) {
                        JsonNode v = signature.get(name);
                        if (v != null && v.isValueNode()) {
                            out.put(name, v.asText());
                        }
                    }
                }
            } catch (IOException e) {
                // Not JSON: no fields.
            }
            return out;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // A malformed escape: skip the pair.
                }
            }
        }
        return out;
    }
}
