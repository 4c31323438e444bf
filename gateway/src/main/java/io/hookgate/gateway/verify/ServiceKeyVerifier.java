package io.hookgate.gateway.verify;

import java.util.List;
import java.util.Set;

/** {@code SERVICE_KEY}: the sender repeats a key in the {@code key} header; compared in constant time. */
public final class ServiceKeyVerifier implements Verifier.Sync {
    static final String HEADER = "key";
    private final List<String> keys;

    public ServiceKeyVerifier(List<String> keys) {
        Crypto.utf8(keys);
        this.keys = List.copyOf(keys);
    }

    @Override
    public Verification check(SignedRequest request) {
        String presented = request.header(HEADER);
        if (presented == null || presented.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_CREDENTIALS, "missing_key_header");
        }
        if (presented.length() > Crypto.MAX_HEADER_CHARS) {
            return Verification.fail(FailureReason.INVALID_CREDENTIALS, "oversized_key_header");
        }
        boolean match = false;
        for (String key : keys) {
            match |= Crypto.sameText(presented, key);
        }
        return match ? Verification.ok() : Verification.fail(FailureReason.INVALID_CREDENTIALS, "key_mismatch");
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
