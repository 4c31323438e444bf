package io.hookgate.gateway.publish;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key: a burst of {@code capacity}, refilled at {@code perSecond}. Thread-safe. */
public final class RejectionBudget {
    private static final int MAX_KEYS = 100_000;
    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RejectionBudget(int capacity, int perSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.nanoClock = nanoClock;
    }

    public boolean tryAcquire(String key) {
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoClock.getAsLong())).take(this);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(RejectionBudget budget) {
            long now = budget.nanoClock.getAsLong();
            tokens = Math.min(budget.capacity, tokens + (now - last) * budget.perNano);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
