package io.hookgate.dispatcher.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Decides what follows an attempt: done, another try (and when), failed, or the endpoint disabled. */
final class RetryPolicy {
    private final DeliveryConfig config;

    RetryPolicy(DeliveryConfig config) {
        this.config = config;
    }

    /** The next step of a delivery. */
    enum Step { SUCCEEDED, RETRY, FAILED, DISABLE }

    /** A step, the wait before the next attempt (RETRY) and the reason an endpoint is disabled (DISABLE). */
    record Verdict(Step step, Duration delay, String disableReason) {
        /** Given back untried: due again at once. */
        static final Verdict DUE_NOW = new Verdict(Step.RETRY, Duration.ZERO, null);

        String deliveryStatus() {
            return switch (step) {
                case SUCCEEDED -> "SUCCEEDED";
                case RETRY -> "PENDING";
                case FAILED, DISABLE -> "FAILED";
            };
        }
    }

    /**
     * @param failingTooLong the endpoint has failed without a success for longer than the disable threshold
     * @param jitter         uniform in [0, 1)
     */
    Verdict decide(AttemptResult result, int attempt, int maxAttempts, boolean failingTooLong, double jitter) {
        if (result.succeeded()) {
            return new Verdict(Step.SUCCEEDED, null, null);
        }
        if (result.status() != null && result.status() == 410) {
            return new Verdict(Step.DISABLE, null, "the endpoint answered 410 Gone");
        }
        if (failingTooLong) {
            return new Verdict(Step.DISABLE, null, "failing continuously for " + describe(config.disableAfterFailingFor()));
        }
        if (!result.retryable() || attempt >= maxAttempts) {
            return new Verdict(Step.FAILED, null, null);
        }
        Duration wait = result.retryAfter() != null ? min(result.retryAfter(), config.retryAfterCap()) : backoff(attempt, jitter);
        return new Verdict(Step.RETRY, wait, null);
    }

    /** base × factor^(attempt−1), capped, ±20 % jitter. */
    Duration backoff(int attemptsSoFar, double jitter) {
        double millis = config.retryBase().toMillis() * Math.pow(config.retryFactor(), Math.max(0, attemptsSoFar - 1));
        double capped = Math.min(millis, config.retryCap().toMillis());
        return Duration.ofMillis((long) (capped * (0.8 + 0.4 * jitter)));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? Duration.ofSeconds(999_999_999) : Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Duration d) {
        return d.toDays() >= 1 && d.toHoursPart() == 0 && d.toMinutesPart() == 0 ? d.toDays() + " days" : d.toMinutes() + " minutes";
    }
}
