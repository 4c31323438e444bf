package io.hookgate.gateway.connection;

import io.hookgate.model.concurrent.CallerContext;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The gateway's in-memory view of connections, shared by every ingest verticle of the process. Entries
 * (including "no such connection") stay until Postgres tells us the row changed ({@link #invalidate}).
 * While that notification channel is down nothing new is cached, and what was cached is served for the
 * offline grace only, then not at all, until the channel is back and the cache starts afresh: a PostgreSQL
 * restart does not turn away webhooks of connections in use (a sender such as GitHub does not retry a 503),
 * and a change missed meanwhile (made where PostgreSQL was still reachable) applies within the grace at the
 * latest. A grace of zero forgets everything the moment the channel drops. An entry whose
 * rotation grace period ran out is reloaded without any notification. Each entry carries its organisation's
 * ingest quota, so a change of that quota drops the organisation's entries ({@link #invalidateOrganisation}).
 * Concurrent misses of one id share one load — unless an invalidation came between them, when the later
 * caller loads afresh. At its bound the cache drops an arbitrary eighth of its entries rather than all of them.
 */
public final class ConnectionCache {
    private final Function<String, Future<Optional<LiveConnection>>> loader;
    private final int maxEntries;
    private final Duration offlineGrace;
    private final Clock clock;
    private final ConcurrentHashMap<String, Optional<LiveConnection>> entries = new ConcurrentHashMap<>();
    /** Bumped on every invalidation: a load that started before one must not be cached after it. */
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Loading> loading = new ConcurrentHashMap<>();
    private volatile boolean listening;
    /** Until when entries cached before the channel dropped may still be served; null while listening. */
    private volatile Instant servableUntil;

    public ConnectionCache(Function<String, Future<Optional<LiveConnection>>> loader, int maxEntries, Duration offlineGrace, Clock clock) {
        this.loader = loader;
        this.maxEntries = maxEntries;
        this.offlineGrace = offlineGrace;
        this.clock = clock;
    }

    public Future<Optional<LiveConnection>> get(String id) {
        Optional<LiveConnection> hit = entries.get(id);
        if (hit != null && servable(hit, clock.instant())) {
            return Future.succeededFuture(hit);
        }
        long started = generation.get();
        Loading current = loading.get(id);
        if (current != null && current.generation() == started) {
            return CallerContext.of(current.result());
        }
        Future<Optional<LiveConnection>> result = loader.apply(id).onSuccess(loaded -> {
            if (listening && generation.get() == started) {
                if (entries.size() >= maxEntries) {
                    evictAnEighth();
                }
                entries.put(id, loaded);
            }
        });
        if (!result.isComplete()) {
            Loading mine = new Loading(started, result);
            loading.put(id, mine);
            result.onComplete(ar -> loading.remove(id, mine));
        }
        return result;
    }

    private record Loading(long generation, Future<Optional<LiveConnection>> result) {
    }

    private boolean servable(Optional<LiveConnection> hit, Instant now) {
        Instant until = servableUntil;
        return (until == null || now.isBefore(until)) && (hit.isEmpty() || !hit.get().staleAt(now));
    }

    private void evictAnEighth() {
        int drop = Math.max(1, maxEntries / 8);
        var ids = entries.keySet().iterator();
        for (int i = 0; i < drop && ids.hasNext(); i++) {
            ids.next();
            ids.remove();
        }
    }

    public void invalidate(String id) {
        generation.incrementAndGet();
        entries.remove(id);
    }

    /**
     * Something every connection of the organisation carries changed (its ingest quota): drop them all, so the
     * next request of each reloads it.
     */
    public void invalidateOrganisation(String organisationId) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> e.isPresent() && e.get().definition().organisationId().equals(organisationId));
    }

    /**
     * The notification channel is (re)connected: from now on changes are heard, so caching is safe. What was cached
     * before starts over, since changes made while the channel was down were not heard.
     */
    public void listening() {
        generation.incrementAndGet();
        entries.clear();
        servableUntil = null;
        listening = true;
    }

    /** The notification channel dropped: stop caching until it is back, and serve what is cached for the grace at most. */
    public void deaf() {
        listening = false;
        generation.incrementAndGet();
        if (servableUntil == null) {
            servableUntil = clock.instant().plus(offlineGrace);
        }
        if (offlineGrace.isZero()) {
            entries.clear();
        }
    }

    int size() {
        return entries.size();
    }
}
