package io.hookgate.gateway.verify;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Netlify preset: {@code X-Webhook-Signature} is a JWS HS256 (keyed with the JWS secret) whose claims say
 * {@code iss: "netlify"} and {@code sha256: <hex SHA-256 of the body>}.
 */
final class NetlifyVerifier implements Verifier.Sync {
    static final String HEADER = "x-webhook-signature";
    private final Crypto.Keyed keys;

    NetlifyVerifier(List<String> secrets) {
        this.keys = new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets));
    }

    @Override
    public Verification check(SignedRequest request) {
        String header = request.header(HEADER);
        if (header == null || header.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_header");
        }
        Jws jws = Jws.parse(header);
        if (jws == null) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        if (!jws.verifiedBy(keys)) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "HS256".equals(jws.algorithm) ? "signature_mismatch" : "unsupported_algorithm");
        }
        if (!"netlify".equals(jws.claims.path("iss").asText(null))) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "wrong_issuer");
        }
        String claimed = jws.claims.path("sha256").asText("");
        String actual = HexFormat.of().formatHex(Crypto.sha256(request.body()));
        return Crypto.sameText(claimed.toLowerCase(java.util.Locale.ROOT), actual) ? Verification.ok()
                : Verification.fail(FailureReason.INVALID_SIGNATURE, "body_hash_mismatch");
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(HEADER);
    }
}
