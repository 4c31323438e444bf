package io.hookgate.dispatcher.outbound;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Which endpoints' lanes have stayed full long enough to count as slow: their surplus is written due, for a claim,
 * rather than waited for. A fast endpoint's lane fills and empties within moments (it holds about
 * {@link DeliveryLanes#BUFFER_NANOS} of its attempts): counted as slow at once, as a full lane used to be, a quarter
 * of a burst over fast endpoints was written due for a claim. A lane seen with room starts over. Used by one thread.
 */
final class SlowLanes {
    private final LongSupplier nanoClock;
    private final long slowAfterNanos;
    /** Since when each full lane among the endpoints last asked about has been seen full. */
    private final Map<UUID, Long> fullSince = new HashMap<>();

    SlowLanes(LongSupplier nanoClock, long slowAfterNanos) {
        if (slowAfterNanos < 0) {
            throw new IllegalArgumentException("slow after " + slowAfterNanos + " ns");
        }
        this.nanoClock = nanoClock;
        this.slowAfterNanos = slowAfterNanos;
    }

    /**
     * The endpoints among {@code endpoints} whose lanes are full now and have been at every look since one at least
     * {@code slowAfterNanos} ago. Endpoints not among them are forgotten.
     */
    Set<UUID> among(Collection<UUID> endpoints, Predicate<UUID> full) {
        long now = nanoClock.getAsLong();
        fullSince.keySet().retainAll(endpoints);
        Set<UUID> slow = new HashSet<>();
        for (UUID endpoint : endpoints) {
            if (!full.test(endpoint)) {
                fullSince.remove(endpoint);
            } else if (now - fullSince.computeIfAbsent(endpoint, e -> now) >= slowAfterNanos) {
                slow.add(endpoint);
            }
        }
        return slow;
    }
}
