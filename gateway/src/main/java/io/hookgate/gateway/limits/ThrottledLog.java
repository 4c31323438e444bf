package io.hookgate.gateway.limits;

import org.slf4j.Logger;

import java.util.function.LongSupplier;

/**
 * A WARN line that repeats per request (a broker outage fails every publish) written at most once per
 * period: the first occurrence at once, then one line counting what was suppressed meanwhile. Never a
 * stack trace. Confined to one event loop (one instance per handler instance), so not synchronised.
 */
public final class ThrottledLog {
    private final Logger log;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private long nextAllowed;
    private boolean started;
    private long suppressed;

    public ThrottledLog(Logger log, long periodNanos, LongSupplier nanoClock) {
        this.log = log;
        this.periodNanos = periodNanos;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} (with {@code args}) unless a line was written less than a period ago. */
    public void warn(String message, Object... args) {
        long now = nanoClock.getAsLong();
        if (started && now - nextAllowed < 0) {
            suppressed++;
            return;
        }
        started = true;
        nextAllowed = now + periodNanos;
        if (suppressed > 0) {
            log.warn("{} similar warnings suppressed since the last one", suppressed);
            suppressed = 0;
        }
        log.warn(message, args);
    }
}
