package io.hookgate.gateway.limits;

import io.hookgate.gateway.semantics.RateLimiter;

/**
 * Each organisation's ingest quota: requests a second across all its connections, one token bucket per
 * organisation (bursts up to one second's worth), per gateway process. The quota is the organisation's own
 * (stored in PostgreSQL, cached with its connections) or else the configured default; a default of 0 means
 * no quota for organisations without their own. Thread-safe.
 */
public final class OrganisationQuotas {
    private final int defaultPerSecond;
    private final RateLimiter buckets;

    public OrganisationQuotas(int defaultPerSecond, RateLimiter buckets) {
        if (defaultPerSecond < 0) {
            throw new IllegalArgumentException("defaultPerSecond must be 0 (none) or more, was " + defaultPerSecond);
        }
        this.defaultPerSecond = defaultPerSecond;
        this.buckets = buckets;
    }

    /**
     * Takes one request of the organisation's quota: 0 when it may go on, otherwise the seconds after which a
     * retry would find room (≥ 1).
     *
     * @param override the organisation's own quota, null = the default
     */
    public long acquire(String organisationId, Integer override) {
        int perSecond = override != null ? override : defaultPerSecond;
        return perSecond <= 0 ? 0 : buckets.acquire(organisationId, perSecond);
    }
}
