package io.hookgate.dispatcher.health;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a loop last turned. The loop beats once per turn (after a poll, between retries); liveness asks whether
 * it turned recently. Every step of Hookgate's loops is bounded by a timeout (Kafka's, the retry back-off), so a
 * loop that has not turned for far longer than any step is wedged, not waiting on a dead dependency.
 */
public final class Heartbeat {
    private final LongSupplier nanoTime;
    private volatile long lastBeat;
    private volatile boolean stopped;

    public Heartbeat() {
        this(System::nanoTime);
    }

    Heartbeat(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastBeat = nanoTime.getAsLong();
    }

    public void beat() {
        lastBeat = nanoTime.getAsLong();
    }

    /** The loop was asked to stop: from now on it may stop turning without being wedged. */
    public void stop() {
        stopped = true;
    }

    /** Whether the loop turned within {@code limit}, or was asked to stop. */
    public boolean alive(Duration limit) {
        return stopped || sinceLastBeat().compareTo(limit) <= 0;
    }

    public Duration sinceLastBeat() {
        return Duration.ofNanos(nanoTime.getAsLong() - lastBeat);
    }
}
