package io.hookgate.gateway.ingest;

import io.hookgate.gateway.verify.FailureReason;
import io.hookgate.model.Outcome;

import java.util.Objects;

/**
 * Ends an ingest request without publishing it to {@code hookgate.inbound}: a refusal, or a captured
 * sample. Handlers pass it to {@code rc.fail(...)}; the failure handler records it in history and
 * {@link OutcomeResponder} answers. No stack trace: this is control flow.
 *
 * @param reason public reason for a 401 (null otherwise)
 * @param detail internal reason, stored in history and never sent to the caller
 */
final class Rejection extends RuntimeException {
    final Outcome outcome;
    final FailureReason reason;
    final String detail;

    private Rejection(Outcome outcome, FailureReason reason, String detail) {
        super(detail, null, false, false);
        this.outcome = Objects.requireNonNull(outcome);
        this.reason = reason;
        this.detail = Objects.requireNonNull(detail);
    }

    static Rejection of(Outcome outcome, String detail) {
        return new Rejection(outcome, null, detail);
    }

    static Rejection unauthorized(FailureReason reason, String detail) {
        return new Rejection(Outcome.UNAUTHORIZED, reason, detail);
    }
}
