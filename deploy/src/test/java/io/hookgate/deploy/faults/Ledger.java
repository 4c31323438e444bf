package io.hookgate.deploy.faults;

import io.hookgate.deploy.topology.TopologyDatabase;

import java.time.Duration;
import java.util.List;

/** Waits for acknowledged webhooks to reach the history table. */
record Ledger(TopologyDatabase database) {
    private static final Duration POLL = Duration.ofMillis(100);

    /** Returns once every one of {@code requestIds} has a history row; fails after {@code timeout}. */
    void awaitInHistory(List<String> requestIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int stored = historyRowsOrNone(requestIds);
            if (stored >= requestIds.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(stored + " of " + requestIds.size() + " webhooks in history after " + timeout);
            }
            Pause.of(POLL);
        }
    }

    /** While PostgreSQL is coming back the count may fail: that counts as nothing stored yet. */
    private int historyRowsOrNone(List<String> requestIds) {
        try {
            return database.historyRows(requestIds).size();
        } catch (IllegalStateException e) {
            return 0;
        }
    }
}
