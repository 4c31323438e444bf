package io.hookgate.gateway.verify;

import java.util.Objects;

/**
 * The result of checking a request's credentials. A failure has a public {@link FailureReason} and an
 * internal {@code detail} (e.g. {@code malformed_signature_header}) that is never sent to the caller.
 */
public record Verification(FailureReason reason, String detail) {
    private static final Verification OK = new Verification(null, null);

    public static Verification ok() {
        return OK;
    }

    public static Verification fail(FailureReason reason, String detail) {
        return new Verification(Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(detail, "detail"));
    }

    public boolean verified() {
        return reason == null;
    }
}
