package io.hookgate.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop pacing: {@code count} sends at a fixed rate, each made when it is due (late ones at once) and given the
 * wall-clock time it was due, so that a sender or a box that falls behind shows up as latency at the receiving end
 * rather than as a slower pace (no coordinated omission).
 */
final class Pace {
    private Pace() {
    }

    /** One send: the {@code index}-th of the run, due at {@code due}. */
    @FunctionalInterface
    interface Send {
        void send(int index, Instant due) throws Exception;
    }

    static void atFixedRate(int perSecond, int count, Send send) throws Exception {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        Instant startWall = Instant.now();
        for (int i = 0; i < count; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send.send(i, startWall.plusNanos(i * intervalNanos));
        }
    }
}
