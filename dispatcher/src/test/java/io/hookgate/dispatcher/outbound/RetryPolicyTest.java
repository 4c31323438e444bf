package io.hookgate.dispatcher.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final double MID = 0.5; // no jitter: 0.8 + 0.4 × 0.5 = 1
    private final RetryPolicy policy = new RetryPolicy(Configs.defaults());

    private static AttemptResult status(int status) {
        return AttemptResult.answered(status, null, 12, null);
    }

    @Test
    void twoHundredsSucceed() {
        for (int s : new int[]{200, 201, 204, 299}) {
            assertThat(policy.decide(status(s), 1, 6, false, MID).step()).isEqualTo(RetryPolicy.Step.SUCCEEDED);
        }
    }

    @Test
    void goneDisablesTheEndpointWhateverAttemptItIs() {
        RetryPolicy.Verdict verdict = policy.decide(status(410), 1, 6, false, MID);
        assertThat(verdict.step()).isEqualTo(RetryPolicy.Step.DISABLE);
        assertThat(verdict.disableReason()).contains("410");
        assertThat(verdict.deliveryStatus()).isEqualTo("FAILED");
    }

    @Test
    void failingForTooLongDisablesWithTheThresholdInTheReason() {
        RetryPolicy.Verdict verdict = policy.decide(status(503), 2, 6, true, MID);
        assertThat(verdict.step()).isEqualTo(RetryPolicy.Step.DISABLE);
        assertThat(verdict.disableReason()).isEqualTo("failing continuously for 5 days");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 301, 302, 307, 308, 100})
    void clientErrorsAndRedirectsAreFinal(int status) {
        RetryPolicy.Verdict verdict = policy.decide(status(status), 1, 6, false, MID);
        assertThat(verdict.step()).isEqualTo(RetryPolicy.Step.FAILED);
        assertThat(verdict.deliveryStatus()).isEqualTo("FAILED");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504, 599})
    void tooManyRequestsAndServerErrorsAreRetriedUntilTheLastAttempt(int status) {
        RetryPolicy.Verdict retry = policy.decide(status(status), 5, 6, false, MID);
        assertThat(retry.step()).isEqualTo(RetryPolicy.Step.RETRY);
        assertThat(retry.deliveryStatus()).isEqualTo("PENDING");
        assertThat(policy.decide(status(status), 6, 6, false, MID).step()).isEqualTo(RetryPolicy.Step.FAILED);
    }

    @Test
    void connectionErrorsAreRetriedButRefusedAddressesAreNot() {
        assertThat(policy.decide(AttemptResult.failed("timeout", 15_000, true), 1, 6, false, MID).step()).isEqualTo(RetryPolicy.Step.RETRY);
        assertThat(policy.decide(AttemptResult.failed("connection_refused", 1, true), 1, 6, false, MID).step())
                .isEqualTo(RetryPolicy.Step.RETRY);
        assertThat(policy.decide(AttemptResult.failed("address_refused", 0, false), 1, 6, false, MID).step())
                .isEqualTo(RetryPolicy.Step.FAILED);
    }

    @Test
    void defaultScheduleGrowsEightfoldFromFiveSecondsUpToTheCap() {
        assertThat(policy.backoff(1, MID)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(2, MID)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.backoff(3, MID)).isEqualTo(Duration.ofSeconds(320));
        assertThat(policy.backoff(4, MID)).isEqualTo(Duration.ofSeconds(2_560));
        assertThat(policy.backoff(5, MID)).isEqualTo(Duration.ofSeconds(20_480));
        assertThat(policy.backoff(6, MID)).isEqualTo(Duration.ofHours(10));
        assertThat(policy.backoff(40, MID)).isEqualTo(Duration.ofHours(10));
    }

    @Test
    void jitterSpreadsEachWaitByTwentyPercentEitherWay() {
        assertThat(policy.backoff(2, 0.0)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.backoff(2, 0.999_999)).isBetween(Duration.ofMillis(47_999), Duration.ofSeconds(48));
    }

    @Test
    void retryAfterReplacesTheBackoffAndIsCappedAtAnHour() {
        AttemptResult slowDown = AttemptResult.answered(429, null, 3, Duration.ofSeconds(7));
        assertThat(policy.decide(slowDown, 1, 6, false, MID).delay()).isEqualTo(Duration.ofSeconds(7));
        AttemptResult dayLater = AttemptResult.answered(503, null, 3, Duration.ofDays(1));
        assertThat(policy.decide(dayLater, 1, 6, false, MID).delay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryPolicy.retryAfter("120", clock)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryPolicy.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("Sat, 05 Dec 2026 10:01:30 GMT", clock)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryPolicy.retryAfter("Sat, 05 Dec 2026 09:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("99999999999999999999", clock)).isEqualTo(Duration.ofSeconds(999_999_999));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "-5", "1.5", "Tomorrow, 10:00", "12 s"})
    void unreadableRetryAfterIsIgnored(String header) {
        assertThat(RetryPolicy.retryAfter(header, Clock.systemUTC())).isNull();
    }

    @Test
    void absentRetryAfterIsIgnored() {
        assertThat(RetryPolicy.retryAfter(null, Clock.systemUTC())).isNull();
    }
}
