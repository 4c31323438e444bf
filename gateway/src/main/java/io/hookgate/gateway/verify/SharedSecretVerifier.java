package io.hookgate.gateway.verify;

import io.vertx.core.Future;

import java.util.Set;

/**
 * {@code auth.mode = SHARED_SECRET}: the sender repeats a secret in {@code x-webhook-secret}; we keep
 * only its bcrypt hash and compare through {@link SecretHasher} (off the event loop, cached).
 */
public final class SharedSecretVerifier implements Verifier {
    public static final String HEADER = "x-webhook-secret";
    private static final int MAX_SECRET_CHARS = 1024;

    private final String bcryptHash;
    private final SecretHasher hasher;

    public SharedSecretVerifier(String bcryptHash, SecretHasher hasher) {
        if (bcryptHash == null || bcryptHash.isBlank()) {
            throw new IllegalArgumentException("a SHARED_SECRET connection needs a stored secret hash");
        }
        this.bcryptHash = bcryptHash;
        this.hasher = hasher;
    }

    @Override
    public Future<Verification> verify(SignedRequest request) {
        String presented = request.header(HEADER);
        if (presented == null || presented.isEmpty()) {
            return Future.succeededFuture(Verification.fail(FailureReason.MISSING_CREDENTIALS, "missing_secret_header"));
        }
        if (presented.length() > MAX_SECRET_CHARS) {
            return Future.succeededFuture(Verification.fail(FailureReason.INVALID_CREDENTIALS, "oversized_secret_header"));
        }
        return hasher.matches(presented, bcryptHash)
                .map(ok -> ok ? Verification.ok() : Verification.fail(FailureReason.INVALID_CREDENTIALS, "secret_mismatch"));
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(HEADER);
    }
}
