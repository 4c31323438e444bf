package io.hookgate.gateway.verify;

import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * {@code auth.mode = SHARED_SECRET}: the sender repeats a secret in {@code x-webhook-secret}; we keep
 * only bcrypt hashes and compare through {@link SecretHasher} (off the event loop, cached). During a
 * rotation grace period there are several hashes; any of them matching is enough.
 */
public final class SharedSecretVerifier implements Verifier {
    public static final String HEADER = "x-webhook-secret";
    private static final int MAX_SECRET_CHARS = 1024;

    private final List<String> bcryptHashes;
    private final SecretHasher hasher;

    public SharedSecretVerifier(List<String> bcryptHashes, SecretHasher hasher) {
        if (bcryptHashes == null || bcryptHashes.isEmpty() || bcryptHashes.stream().anyMatch(h -> h == null || h.isBlank())) {
            throw new IllegalArgumentException("a SHARED_SECRET connection needs at least one stored secret hash");
        }
        this.bcryptHashes = List.copyOf(bcryptHashes);
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
        return matchesAny(presented, 0)
                .map(ok -> ok ? Verification.ok() : Verification.fail(FailureReason.INVALID_CREDENTIALS, "secret_mismatch"));
    }

    private Future<Boolean> matchesAny(String presented, int index) {
        if (index == bcryptHashes.size()) {
            return Future.succeededFuture(false);
        }
        return hasher.matches(presented, bcryptHashes.get(index))
                .compose(ok -> ok ? Future.succeededFuture(true) : matchesAny(presented, index + 1));
    }

    @Override
    public FailureReason duplicateCredentialReason() {
        return FailureReason.INVALID_CREDENTIALS;
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of(HEADER);
    }
}
