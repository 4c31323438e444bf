package io.hookgate.gateway.semantics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per connection: {@code perSecond} tokens a second, bursts up to one second's worth. Each
 * connection has its own bucket, so one noisy sender never takes another's budget. Per gateway process.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 200_000;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** 0 when the request may go on, otherwise the seconds after which a retry would find a token (≥ 1). */
    public long acquire(String key, int perSecond) {
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perSecond, nanoClock.getAsLong())).take(perSecond, nanoClock.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int perSecond, long now) {
            this.tokens = perSecond;
            this.last = now;
        }

        synchronized long take(int perSecond, long now) {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
