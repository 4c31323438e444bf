package io.hookgate.gateway.verify;

import java.util.Locale;

/**
 * The only reasons a sender is ever told about a failed verification (the {@code reason} of a 401).
 * The precise internal cause travels separately in {@link Verification#detail()} to history and metrics.
 */
public enum FailureReason {
    MISSING_CREDENTIALS,
    INVALID_CREDENTIALS,
    MISSING_SIGNATURE,
    INVALID_SIGNATURE,
    STALE_TIMESTAMP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
