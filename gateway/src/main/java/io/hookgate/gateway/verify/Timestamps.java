package io.hookgate.gateway.verify;

import java.time.Clock;
import java.time.Duration;

/** The tolerance window of timestamped schemes: past and future, against the injected clock. */
final class Timestamps {
    private Timestamps() {
    }

    /** Null when {@code epochMillis} is within {@code tolerance} of now, else the failure. */
    static Verification outside(long epochMillis, Clock clock, Duration tolerance) {
        long skew = Math.abs(clock.millis() - epochMillis);
        return skew <= tolerance.toMillis() ? null
                : Verification.fail(FailureReason.STALE_TIMESTAMP, clock.millis() > epochMillis ? "timestamp_too_old" : "timestamp_in_future");
    }

    /** Parses a decimal timestamp, or returns -1 (never throws). */
    static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
