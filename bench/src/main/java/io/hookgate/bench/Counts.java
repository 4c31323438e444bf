package io.hookgate.bench;

import java.util.function.LongSupplier;

/** Waiting for a count the measured side advances in memory (never on queries to the database it writes). */
final class Counts {
    private Counts() {
    }

    /**
     * Returns once {@code count} reached {@code target}, polling every 5 ms.
     *
     * @param what what is counted, for the failure: "the sink's bench deliveries"
     * @throws IllegalStateException when the nano-clock passes {@code deadlineNanos} first
     */
    static void await(LongSupplier count, long target, long deadlineNanos, String what) throws InterruptedException {
        while (count.getAsLong() < target) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(what + ": " + count.getAsLong() + " of " + target + " before the deadline");
            }
            Thread.sleep(5);
        }
    }
}
