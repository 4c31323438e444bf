package io.hookgate.dispatcher.outbound;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * The claimed deliveries of one worker, in one lane per endpoint: at most {@code perEndpoint} attempts run in
 * a lane and at most {@code prefetch} more wait behind them, and at most {@code processCap} run in all. A
 * finished attempt hands its slot straight to the next waiting delivery, so an endpoint is never idle while
 * the worker goes back to the database for more. A delivery that waited until its lease no longer leaves room
 * for a whole attempt comes back as expired, to be released untouched. Thread-safe.
 *
 * @param <T> a claimed delivery
 */
final class DeliveryLanes<T> {
    private final int perEndpoint;
    private final int prefetch;
    private final int processCap;
    private final ToLongFunction<T> startBy;
    private final Map<UUID, Lane<T>> lanes = new HashMap<>();
    private int running;
    private int waiting;

    /**
     * @param startBy the nano-clock time after which a delivery can no longer start (too little of its lease left)
     */
    DeliveryLanes(int perEndpoint, int prefetch, int processCap, ToLongFunction<T> startBy) {
        if (perEndpoint < 1 || prefetch < 0 || processCap < perEndpoint) {
            throw new IllegalArgumentException("lanes of " + perEndpoint + " + " + prefetch + " under a cap of " + processCap);
        }
        this.perEndpoint = perEndpoint;
        this.prefetch = prefetch;
        this.processCap = processCap;
        this.startBy = startBy;
    }

    /** What to do now: deliveries to start, and deliveries to give back unattempted. */
    record Handout<T>(List<T> start, List<T> expired) {
        boolean isEmpty() {
            return start.isEmpty() && expired.isEmpty();
        }
    }

    private static final class Lane<T> {
        int running;
        final ArrayDeque<T> waiting = new ArrayDeque<>();
    }

    /**
     * Takes what a claim brought in; those beyond their lane's room (never asked for) come back as expired.
     * Lanes still empty after it are dropped: the claim found nothing more for them.
     */
    synchronized Handout<T> add(List<T> deliveries, List<UUID> endpoints, long nowNanos) {
        List<T> refused = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Lane<T> lane = lanes.computeIfAbsent(endpoints.get(i), id -> new Lane<>());
            if (lane.running + lane.waiting.size() >= perEndpoint + prefetch) {
                refused.add(deliveries.get(i));
            } else {
                lane.waiting.add(deliveries.get(i));
                waiting++;
            }
        }
        Handout<T> handout = startable(nowNanos, false);
        dropEmpty();
        return new Handout<>(handout.start(), refused);
    }

    /** An attempt of {@code endpoint} ended: its slot goes to whoever waits. */
    synchronized Handout<T> done(UUID endpoint, long nowNanos) {
        Lane<T> lane = lanes.get(endpoint);
        if (lane == null || lane.running == 0) {
            throw new IllegalStateException("no attempt of endpoint " + endpoint + " is running");
        }
        lane.running--;
        running--;
        return startable(nowNanos, true); // an emptied lane stays until the next claim, which refills it if it can
    }

    /** Starts what fits and expires what waited too long, in every lane. */
    synchronized Handout<T> poll(long nowNanos) {
        return startable(nowNanos, true);
    }

    /** Deliveries the worker may still claim in all: per process slot, one attempt and (when prefetching) one waiting delivery. */
    synchronized int room() {
        return Math.max(0, (prefetch > 0 ? 2 : 1) * processCap - running - waiting);
    }

    /** The room left in every lane that has some: what a claim may take of each endpoint this worker already serves. */
    synchronized Map<UUID, Integer> laneRoom() {
        Map<UUID, Integer> room = new HashMap<>();
        lanes.forEach((id, lane) -> {
            int free = perEndpoint + prefetch - lane.running - lane.waiting.size();
            if (free > 0) {
                room.put(id, free);
            }
        });
        return room;
    }

    /** Every endpoint with a lane here, full or not. */
    synchronized List<UUID> endpoints() {
        return List.copyOf(lanes.keySet());
    }

    /** The room of an endpoint without a lane yet. */
    int newLaneRoom() {
        return perEndpoint + prefetch;
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting;
    }

    /** Takes every waiting delivery out (to be released); attempts running stay counted until they are done. */
    synchronized List<T> drain() {
        List<T> drained = new ArrayList<>();
        lanes.values().forEach(lane -> drained.addAll(lane.waiting));
        lanes.values().forEach(lane -> lane.waiting.clear());
        waiting = 0;
        dropEmpty();
        return drained;
    }

    /**
     * @param expire whether to take out what waited too long; not right after a claim, whose deliveries start
     *               however little lease they have if they fit (the sender keeps every attempt within its lease)
     */
    private Handout<T> startable(long nowNanos, boolean expire) {
        List<T> start = new ArrayList<>();
        List<T> expired = new ArrayList<>();
        for (Lane<T> lane : lanes.values()) {
            for (Iterator<T> it = lane.waiting.iterator(); it.hasNext(); ) {
                T next = it.next();
                if (expire && nowNanos - startBy.applyAsLong(next) > 0) {
                    it.remove();
                    waiting--;
                    expired.add(next);
                } else if (lane.running < perEndpoint && running < processCap) {
                    it.remove();
                    waiting--;
                    lane.running++;
                    running++;
                    start.add(next);
                }
            }
        }
        return new Handout<>(start, expired);
    }

    private void dropEmpty() {
        lanes.values().removeIf(lane -> lane.running == 0 && lane.waiting.isEmpty());
    }
}
