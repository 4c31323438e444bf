package io.hookgate.gateway.semantics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    private int admitted(String key, int perSecond, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.acquire(key, perSecond) == 0) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void aNewConnectionMayBurstOneSecondsWorth() {
        assertThat(admitted("con_a", 10, 25)).isEqualTo(10);
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() {
        admitted("con_a", 10, 10);

        nanos.addAndGet(SECOND / 10);
        assertThat(admitted("con_a", 10, 5)).isEqualTo(1);
        nanos.addAndGet(SECOND / 2);
        assertThat(admitted("con_a", 10, 10)).isEqualTo(5);
    }

    @Test
    void idleTimeNeverBuildsMoreThanOneSecondsBurst() {
        admitted("con_a", 10, 10);
        nanos.addAndGet(3600 * SECOND);

        assertThat(admitted("con_a", 10, 30)).isEqualTo(10);
    }

    @Test
    void eachConnectionHasItsOwnBucket() {
        admitted("con_noisy", 5, 100);

        assertThat(admitted("con_quiet", 5, 5)).isEqualTo(5);
    }

    @Test
    void aRefusalSaysHowManySecondsUntilATokenAtLeastOne() {
        admitted("con_fast", 100, 100);
        assertThat(limiter.acquire("con_fast", 100)).isEqualTo(1);

        admitted("con_slow", 1, 1);
        assertThat(limiter.acquire("con_slow", 1)).isEqualTo(1);
    }

    @Test
    void theRetryAfterIsRoundedUpFromTheTimeToTheNextToken() {
        admitted("con_a", 1, 1);
        nanos.addAndGet(SECOND / 4);

        assertThat(limiter.acquire("con_a", 1)).as("0.75 s left rounds up to 1").isEqualTo(1);
        nanos.addAndGet(SECOND * 3 / 4);
        assertThat(limiter.acquire("con_a", 1)).isZero();
    }

    @Test
    void refusedAttemptsDoNotSpendTokens() {
        admitted("con_a", 2, 2);
        for (int i = 0; i < 50; i++) {
            limiter.acquire("con_a", 2);
        }
        nanos.addAndGet(SECOND / 2);

        assertThat(limiter.acquire("con_a", 2)).isZero();
    }

    @Test
    void aLoweredLimitCapsTheBurstAtOnce() {
        nanos.addAndGet(SECOND);
        assertThat(limiter.acquire("con_a", 100)).isZero();

        assertThat(admitted("con_a", 3, 10)).as("99 tokens left, capped at the new 3").isEqualTo(3);
    }

    @Test
    void manyConcurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    if (limiter.acquire("con_shared", 100) == 0) {
                        ok.incrementAndGet();
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(ok.get()).isEqualTo(100);
    }
}
