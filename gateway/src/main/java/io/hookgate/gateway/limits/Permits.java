package io.hookgate.gateway.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking counting limit shared by every ingest event loop of the process: a caller that finds
 * none left is refused at once, never queued. Thread-safe.
 */
public final class Permits {
    private final int limit;
    private final AtomicInteger used = new AtomicInteger();

    public Permits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** Takes one permit, or returns false when all are taken. */
    public boolean tryAcquire() {
        while (true) {
            int now = used.get();
            if (now >= limit) {
                return false;
            }
            if (used.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a permit taken by {@link #tryAcquire()}; exactly once per successful acquire. */
    public void release() {
        if (used.decrementAndGet() < 0) {
            used.incrementAndGet();
            throw new IllegalStateException("released a permit that was never acquired");
        }
    }

    public int inUse() {
        return used.get();
    }

    public int limit() {
        return limit;
    }
}
