package io.hookgate.gateway.verify;

import java.security.MessageDigest;
import java.util.List;

/**
 * {@code URL_KEY}: {@code ?api_key=<key>} for senders that can only be given a URL. Only SHA-256 digests of
 * the keys are kept (they are 256-bit random, so a fast hash suffices); digests are compared in constant time.
 */
public final class UrlKeyVerifier implements Verifier.Sync {
    public static final String PARAM = "api_key";
    private final List<byte[]> digests;

    public UrlKeyVerifier(List<byte[]> digests) {
        if (digests == null || digests.isEmpty() || digests.stream().anyMatch(d -> d == null || d.length != 32)) {
            throw new IllegalArgumentException("a URL_KEY connection needs the SHA-256 digest of its key");
        }
        this.digests = List.copyOf(digests);
    }

    @Override
    public Verification check(SignedRequest request) {
        List<String> presented = request.query().getAll(PARAM);
        if (presented.isEmpty() || presented.getFirst().isEmpty()) {
            return Verification.fail(FailureReason.MISSING_CREDENTIALS, "missing_api_key");
        }
        if (presented.size() > 1) {
            return Verification.fail(FailureReason.INVALID_CREDENTIALS, "repeated_api_key");
        }
        byte[] digest = Crypto.sha256(Crypto.utf8(presented.getFirst()));
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, digest);
        }
        return match ? Verification.ok() : Verification.fail(FailureReason.INVALID_CREDENTIALS, "key_mismatch");
    }
}
