package io.hookgate.dispatcher.outbound;

import java.time.Duration;

/**
 * What one attempt came to: the receiver's status and the start of its answer, or the error class when no
 * answer came ({@code timeout}, {@code connection_refused}, {@code address_refused}, …).
 */
record AttemptResult(Integer status, String excerpt, String error, long latencyMs, Duration retryAfter, boolean retryableError) {

    static AttemptResult answered(int status, String excerpt, long latencyMs, Duration retryAfter) {
        return new AttemptResult(status, excerpt, null, latencyMs, retryAfter, false);
    }

    static AttemptResult failed(String error, long latencyMs, boolean retryable) {
        return new AttemptResult(null, null, error, latencyMs, null, retryable);
    }

    boolean succeeded() {
        return status != null && status >= 200 && status < 300;
    }

    /** 429, 5xx, timeouts and connection errors are worth another try; other answers are final. */
    boolean retryable() {
        return status == null ? retryableError : status == 429 || status >= 500;
    }

    /** Bounded label for metrics and the attempt log: the status class or the error class. */
    String resultClass() {
        return status == null ? error : (status / 100) + "xx";
    }
}
