package io.hookgate.deploy.faults;

import java.time.Duration;

/** Thread.sleep without the checked exception: the suite's waits are part of its timing, never skipped. */
final class Pause {
    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
