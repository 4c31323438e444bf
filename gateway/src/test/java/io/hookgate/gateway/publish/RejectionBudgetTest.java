package io.hookgate.gateway.publish;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(42);

    private static int granted(RejectionBudget budget, String key, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (budget.tryAcquire(key)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void aBurstOfCapacityIsRecordedThenNothingUntilRefilled() {
        RejectionBudget budget = new RejectionBudget(100, 20, nanos::get);

        assertThat(granted(budget, "con_a", 150)).isEqualTo(100);
        assertThat(budget.tryAcquire("con_a")).isFalse();
    }

    @Test
    void refillsAtPerSecond() {
        RejectionBudget budget = new RejectionBudget(100, 20, nanos::get);
        granted(budget, "con_a", 100);

        nanos.addAndGet(SECOND / 2);
        assertThat(granted(budget, "con_a", 50)).isEqualTo(10);
        nanos.addAndGet(SECOND / 20);
        assertThat(granted(budget, "con_a", 5)).isEqualTo(1);
    }

    @Test
    void neverHoldsMoreThanCapacity() {
        RejectionBudget budget = new RejectionBudget(5, 1000, nanos::get);
        granted(budget, "con_a", 5);
        nanos.addAndGet(3600 * SECOND);

        assertThat(granted(budget, "con_a", 50)).isEqualTo(5);
    }

    @Test
    void keysHaveSeparateBudgets() {
        RejectionBudget budget = new RejectionBudget(3, 1, nanos::get);
        granted(budget, "con_flood", 100);

        assertThat(granted(budget, "con_other", 3)).isEqualTo(3);
    }

    @Test
    void aCapacityOfOneAllowsOneAtATime() {
        RejectionBudget budget = new RejectionBudget(1, 1, nanos::get);

        assertThat(budget.tryAcquire("k")).isTrue();
        assertThat(budget.tryAcquire("k")).isFalse();
        nanos.addAndGet(SECOND - 1);
        assertThat(budget.tryAcquire("k")).isFalse();
        nanos.addAndGet(1);
        assertThat(budget.tryAcquire("k")).isTrue();
    }

    @Test
    void concurrentCallersNeverExceedTheBurst() throws Exception {
        RejectionBudget budget = new RejectionBudget(100, 1, nanos::get);
        AtomicInteger ok = new AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> ok.addAndGet(granted(budget, "con_a", 500)));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(ok.get()).isEqualTo(100);
    }
}
