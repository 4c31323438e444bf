package io.hookgate.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code JWT}: {@code Authorization: Bearer <jwt>}, HS256 with the shared secret or RS256 with the configured
 * public key — exactly the configured algorithm — and {@code exp}/{@code nbf} checked against the clock
 * with a minute of leeway. Webex-Connect-style senders use it.
 */
public final class JwtVerifier implements Verifier.Sync {
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private final Crypto.Keyed hs256;
    private final PublicKey rs256;
    private final Clock clock;

    private JwtVerifier(Crypto.Keyed hs256, PublicKey rs256, Clock clock) {
        this.hs256 = hs256;
        this.rs256 = rs256;
        this.clock = clock;
    }

    public static JwtVerifier hs256(List<String> secrets, Clock clock) {
        return new JwtVerifier(new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, Crypto.utf8(secrets)), null, clock);
    }

    public static JwtVerifier rs256(String publicKeyPem, Clock clock) {
        if (publicKeyPem == null || publicKeyPem.isBlank()) {
            throw new IllegalArgumentException("auth.publicKey (PEM) is required for JWT with RS256");
        }
        return new JwtVerifier(null, Jws.rsaPublicKey(publicKeyPem), clock);
    }

    @Override
    public Verification check(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_CREDENTIALS, "missing_authorization_header");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verification.fail(FailureReason.INVALID_CREDENTIALS, "not_a_bearer_token");
        }
        Jws jws = Jws.parse(authorization.substring(7).trim());
        if (jws == null) {
            return Verification.fail(FailureReason.INVALID_CREDENTIALS, "malformed_token");
        }
        boolean verified = hs256 != null ? jws.verifiedBy(hs256) : jws.verifiedBy(rs256);
        if (!verified) {
            return Verification.fail(FailureReason.INVALID_CREDENTIALS,
                    jws.algorithm.equals(hs256 != null ? "HS256" : "RS256") ? "signature_mismatch" : "unsupported_algorithm");
        }
        long now = clock.millis() / 1000;
        JsonNode exp = jws.claims.get("exp");
        JsonNode nbf = jws.claims.get("nbf");
        if (exp != null && (!exp.canConvertToLong() || exp.asLong() + LEEWAY.toSeconds() < now)) {
            return Verification.fail(FailureReason.STALE_TIMESTAMP, "token_expired");
        }
        if (nbf != null && (!nbf.canConvertToLong() || nbf.asLong() - LEEWAY.toSeconds() > now)) {
            return Verification.fail(FailureReason.STALE_TIMESTAMP, "token_not_yet_valid");
        }
        return Verification.ok();
    }

    @Override
    public FailureReason duplicateCredentialReason() {
        return FailureReason.INVALID_CREDENTIALS;
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of("authorization");
    }
}
