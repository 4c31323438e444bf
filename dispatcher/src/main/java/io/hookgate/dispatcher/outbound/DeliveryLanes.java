package io.hookgate.dispatcher.outbound;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * The claimed deliveries of one worker, in one lane per endpoint: at most {@code perEndpoint} attempts are on
 * the wire in a lane and at least {@code prefetch} more wait behind them, and at most {@code processCap} run in
 * all, from start until their result is recorded. An attempt hands its lane slot to the next waiting delivery
 * as soon as the receiver answered (recording it is the database's work, not the receiver's), so an endpoint
 * is never idle while the worker goes back to the database for more. A fast endpoint's lane holds about
 * {@link #BUFFER_NANOS} of its attempts (from their measured latency, up to {@code processCap}), so that one
 * claim feeds it for many attempts instead of a claim per few. A delivery that waited until its lease no
 * longer leaves room for a whole attempt comes back as expired, to be released untouched. Thread-safe.
 *
 * @param <T> a claimed delivery
 */
final class DeliveryLanes<T> {
    /** How much of an endpoint's work its lane keeps waiting, at its measured attempt latency. */
    static final long BUFFER_NANOS = 100_000_000L;
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
        /** Moving average of the lane's attempt latency; -1 until its first attempt. */
        long latencyNanos = -1;
    }

    /** How many a lane holds, running and waiting: its concurrency, and the prefetch its latency calls for. */
    private int capacity(Lane<T> lane) {
        if (prefetch == 0 || lane.latencyNanos < 0) {
            return perEndpoint + prefetch;
        }
        long depth = perEndpoint * BUFFER_NANOS / Math.max(1, lane.latencyNanos);
        return perEndpoint + (int) Math.clamp(depth, prefetch, processCap);
    }

    /** What a lane may still take: its capacity less what it runs and holds (negative when filled past it, see {@link #add}). */
    private int free(Lane<T> lane) {
        return capacity(lane) - lane.running - lane.waiting.size();
    }

    /**
     * Takes what a claim (or the fan-out, under an offer) brought in. Both asked for it moments ago, each from the
     * room it saw then, so together they may fill a lane past its room: with prefetch, the surplus waits (the lane
     * takes no more until it is worked down, and a delivery that waits too long expires like any other), because
     * giving it back only to claim it again cost two writes of every such row (a fifth of a bench's rows). Without
     * prefetch nothing may wait behind an attempt, so what does not start comes back as expired.
     *
     * @param exhausted endpoints the claim took every due delivery of: their lanes, if still empty after it, are
     *                  dropped (the claim found nothing more for them). Only those: a lane that was full when the
     *                  claim was made was not asked for, and one the claim's limit cut off may have more due, so
     *                  each stays served (the next claim asks for it) instead of waiting for the next look for new
     *                  endpoints; in a backlog over 16 endpoints, lanes that emptied while a claim ran were dropped
     *                  and idled that way, and the worker ended up serving one endpoint at a time.
     */
    synchronized Handout<T> add(List<T> deliveries, List<UUID> endpoints, Collection<UUID> exhausted, long nowNanos) {
        List<T> refused = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Lane<T> lane = lanes.computeIfAbsent(endpoints.get(i), id -> new Lane<>());
            if (prefetch == 0 && free(lane) <= 0) {
                refused.add(deliveries.get(i));
            } else {
                lane.waiting.add(deliveries.get(i));
                waiting++;
            }
        }
        Handout<T> handout = startable(nowNanos, false);
        for (UUID endpoint : exhausted) {
            lanes.computeIfPresent(endpoint, (id, lane) -> isEmpty(lane) ? null : lane);
        }
        return new Handout<>(handout.start(), refused);
    }

    /**
     * An attempt of {@code endpoint} is over on the wire and its result is being recorded: its lane slot goes to
     * whoever waits (the receiver is no longer busy with it), while it still counts against the process cap
     * until {@link #recorded}.
     *
     * @param latencyNanos how long the receiver took
     */
    synchronized Handout<T> sent(UUID endpoint, long latencyNanos, long nowNanos) {
        Lane<T> lane = lanes.get(endpoint);
        if (lane == null || lane.running == 0) {
            throw new IllegalStateException("no attempt of endpoint " + endpoint + " is running");
        }
        lane.running--;
        long latency = Math.max(0, latencyNanos);
        lane.latencyNanos = lane.latencyNanos < 0 ? latency : lane.latencyNanos + (latency - lane.latencyNanos) / 8;
        return startable(nowNanos, true); // an emptied lane stays until the next claim, which refills it if it can
    }

    /** An attempt that was {@link #sent} is recorded: its process slot goes to whoever waits. */
    synchronized Handout<T> recorded(long nowNanos) {
        if (running == 0) {
            throw new IllegalStateException("no attempt is being recorded");
        }
        running--;
        return startable(nowNanos, true);
    }

    /** Starts what fits and expires what waited too long, in every lane. */
    synchronized Handout<T> poll(long nowNanos) {
        return startable(nowNanos, true);
    }

    /** Deliveries the worker may still claim in all: per process slot, one attempt and (when prefetching) one waiting delivery. */
    synchronized int room() {
        return Math.max(0, holding() - running - waiting);
    }

    /** The room left in every lane that has some: what a claim may take of each endpoint this worker already serves. */
    synchronized Map<UUID, Integer> laneRoom() {
        Map<UUID, Integer> room = new HashMap<>();
        lanes.forEach((id, lane) -> {
            int free = free(lane);
            if (free > 0) {
                room.put(id, free);
            }
        });
        return room;
    }

    /** The room left in every lane, full ones at 0: what may be added to each endpoint this worker serves. */
    synchronized Map<UUID, Integer> freeRoom() {
        Map<UUID, Integer> room = new HashMap<>();
        lanes.forEach((id, lane) -> room.put(id, Math.max(0, free(lane))));
        return room;
    }

    /**
     * Whether an endpoint this worker serves has a free slot and nothing waiting for it: it idles unless a claim
     * refills its lane now, however little the claim would take in all.
     */
    synchronized boolean starving() {
        for (Lane<T> lane : lanes.values()) {
            if (lane.waiting.isEmpty() && lane.running < perEndpoint) {
                return true;
            }
        }
        return false;
    }

    /** How many deliveries the worker holds at most, running and waiting ({@link #room} when it holds none). */
    private int holding() {
        return (prefetch > 0 ? 2 : 1) * processCap;
    }

    /**
     * Whether a claim for the endpoints served here would take enough to be worth a statement and a commit: the
     * room left in their lanes (within the worker's) is at least a quarter of what those lanes hold when full.
     */
    synchronized boolean worthRefilling() {
        int free = 0;
        int full = 0;
        for (Lane<T> lane : lanes.values()) {
            full += capacity(lane);
            free += Math.max(0, free(lane));
        }
        int room = room();
        return Math.min(free, room) * 4 >= Math.max(1, Math.min(full, holding()));
    }

    /** Every endpoint with a lane here, full or not. */
    synchronized List<UUID> endpoints() {
        return List.copyOf(lanes.keySet());
    }

    /** The room of an endpoint without a lane yet (its latency unknown). */
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
        lanes.values().removeIf(DeliveryLanes::isEmpty);
    }

    private static boolean isEmpty(Lane<?> lane) {
        return lane.running == 0 && lane.waiting.isEmpty();
    }
}
