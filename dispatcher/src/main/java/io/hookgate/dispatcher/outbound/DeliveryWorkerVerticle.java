package io.hookgate.dispatcher.outbound;

import io.hookgate.dispatcher.health.Heartbeat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Claims due deliveries into per-endpoint {@link DeliveryLanes} and runs each on a virtual thread of its own: at most
 * {@code perEndpointConcurrency} on the wire at once per endpoint and {@code inFlight} per process (until their
 * result is recorded), with claimed deliveries waiting behind each endpoint's attempts (more behind a fast
 * endpoint, see {@link DeliveryLanes}), so an answered attempt starts the next at once instead of waiting for a
 * claim. A slow endpoint holds only its own lane and never delays another endpoint's deliveries.
 * Lanes are refilled from each endpoint's own rows; endpoints the worker does not serve yet are looked for
 * less often the more that look costs. New deliveries come without a claim, and without a row until their first
 * attempt's result is written: the event fan-out offers them to this worker, up to the room in its lanes
 * ({@link DeliveryIntake}). Virtual-thread verticle: the claim loop
 * runs on its context, the attempts off it ({@link #ATTEMPTS}); the lanes are shared under their own lock.
 */
public final class DeliveryWorkerVerticle extends VerticleBase implements DeliveryIntake {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkerVerticle.class);
    private static final int MAX_CLAIM = 256;
    private static final long IDLE_MS = 200;
    private static final long FULL_MS = 20;
    private static final long FULL_NANOS = TimeUnit.MILLISECONDS.toNanos(FULL_MS);
    private static final long DISCOVER_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long DISCOVER_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A look for new endpoints may take this share of the worker's time at most (1/20). */
    private static final int DISCOVER_COST_FACTOR = 20;
    private static final long BACKLOG_EVERY_NANOS = 5_000_000_000L;
    /**
     * Each attempt runs on a virtual thread of its own, not on this verticle's context: a context runs one task at a
     * time, so every attempt's every resumption (its request sent, its answer, its result recorded) queued behind all
     * the others', and the worker was bound by that one queue with cores to spare. (A factory: builders are not thread-safe.)
     */
    private static final ThreadFactory ATTEMPTS = Thread.ofVirtual().name("hookgate-delivery-attempt").factory();

    private final DeliveryConfig config;
    private final DeliveryStore store;
    private final DeliveryProcessor processor;
    private final WebhookSender sender;
    private final DeliveryMetrics metrics;
    private final Heartbeat heartbeat;
    private final DeliveryLanes<Job> lanes;
    private long backlogMeasuredAt = System.nanoTime() - BACKLOG_EVERY_NANOS;
    private long discoverAt = System.nanoTime();
    private long claimedAt = System.nanoTime();
    /** Whether the last claim found fewer due deliveries than it asked for. */
    private boolean drained;
    private final Promise<Void> loopDone = Promise.promise();
    private volatile boolean running;
    private volatile Promise<Void> wake;

    /** A claimed delivery and its endpoint as read with its batch (empty when the endpoint no longer exists). */
    private record Job(DeliveryStore.Claim claim, Optional<DeliveryStore.Endpoint> endpoint) {
    }

    DeliveryWorkerVerticle(DeliveryConfig config, DeliveryStore store, DeliveryProcessor processor, WebhookSender sender,
                           DeliveryMetrics metrics, Heartbeat heartbeat) {
        this.config = config;
        this.heartbeat = heartbeat;
        this.store = store;
        this.processor = processor;
        this.sender = sender;
        this.metrics = metrics;
        long startWindow = config.requestTimeout().toNanos();
        this.lanes = new DeliveryLanes<>(config.perEndpointConcurrency(), config.prefetchPerEndpoint(), config.inFlight(),
                job -> config.attemptDeadlineNanos(job.claim().claimedAtNanos()) - startWindow);
        metrics.trackInFlight(lanes::running);
    }

    @Override
    public Future<?> start() {
        running = true;
        context.runOnContext(v -> loop());
        return Future.succeededFuture();
    }

    /**
     * Stops claiming, gives waiting deliveries back and waits for attempts in flight (bounded by the request
     * timeout); unfinished ones are re-tried after their lease.
     */
    @Override
    public Future<?> stop() {
        running = false;
        heartbeat.stop();
        wakeLoop();
        return loopDone.future().timeout(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .eventually(() -> {
                    sender.close();
                    return Future.succeededFuture();
                });
    }

    private void loop() {
        try {
            while (running) {
                heartbeat.beat();
                try {
                    measureBacklog();
                    handOut(lanes.poll(System.nanoTime()));
                    if (!claimOnce()) {
                        pause(lanes.running() == 0 && lanes.waiting() == 0 ? IDLE_MS : FULL_MS);
                    }
                } catch (Exception e) { // await() rethrows checked failures too
                    if (running) {
                        LOG.warn("Claiming deliveries failed; claimed ones are retried when their lease ends: {}", e.toString());
                        vertx.timer(1000).await();
                    }
                }
            }
            store.release(lanes.drain().stream().map(Job::claim).toList());
            while (lanes.running() > 0) {
                vertx.timer(FULL_MS).await();
            }
        } finally {
            loopDone.tryComplete();
        }
    }

    /**
     * Refills the lanes (and looks for endpoints without one, when due) in one claim.
     *
     * @return whether the claim filled what it asked for, so that more may be waiting
     */
    private boolean claimOnce() {
        int room = Math.min(lanes.room(), MAX_CLAIM);
        long now = System.nanoTime();
        boolean discover = lanes.endpoints().isEmpty() || now - discoverAt >= 0;
        if (room == 0 || !(discover || worthClaiming(now))) {
            return false;
        }
        Map<UUID, Integer> laneRoom = lanes.laneRoom();
        List<UUID> served = lanes.endpoints();
        if (laneRoom.isEmpty() && !discover) {
            return false;
        }
        List<DeliveryStore.Claim> claims = store.claim(room, laneRoom, served, discover ? lanes.newLaneRoom() : 0, config.lease());
        long took = System.nanoTime() - now;
        claimedAt = now;
        if (discover) {
            discoverAt = System.nanoTime() + Math.clamp(took * DISCOVER_COST_FACTOR, DISCOVER_MIN_NANOS, DISCOVER_MAX_NANOS);
        }
        // Below its limit, the claim took every due delivery of the lanes it asked for.
        take(claims, claims.size() < room ? laneRoom.keySet() : Set.of());
        int asked = discover ? room : Math.min(room, laneRoom.values().stream().mapToInt(Integer::intValue).sum());
        drained = claims.size() < asked;
        return !claims.isEmpty() && !drained;
    }

    /**
     * Whether a claim for the endpoints served here is worth a statement and a commit: when their lanes have room for
     * a quarter of what they hold, or one of them idles with nothing waiting; and, after a claim that found fewer due
     * rows than it asked for, not again before {@link #FULL_MS} (new deliveries mostly come through the fan-out's
     * offer, not the schedule). Claiming whenever an attempt ended took ~20 rows a claim (4,051 claims in the bench's
     * outbound scenario, 1,857 now for the same rows) and, at a trickle of events, ~130 claims a second that found
     * nothing (~40 now).
     */
    private boolean worthClaiming(long now) {
        if (drained && now - claimedAt < FULL_NANOS) {
            return false;
        }
        return lanes.worthRefilling() || (lanes.starving() && now - claimedAt >= FULL_NANOS);
    }

    /**
     * Puts claimed deliveries in their lanes with their endpoints (read at once) and starts what fits; the lanes of
     * {@code exhausted} endpoints that are still empty then are dropped (see {@link DeliveryLanes#add}).
     */
    private void take(List<DeliveryStore.Claim> claims, Collection<UUID> exhausted) {
        if (claims.isEmpty()) {
            handOut(lanes.add(List.of(), List.of(), exhausted, System.nanoTime()));
            return;
        }
        Map<UUID, DeliveryStore.Endpoint> endpoints = store.endpoints(claims.stream().map(DeliveryStore.Claim::endpointId)
                .collect(Collectors.toSet()));
        List<Job> jobs = claims.stream().map(c -> new Job(c, Optional.ofNullable(endpoints.get(c.endpointId())))).toList();
        handOut(lanes.add(jobs, claims.stream().map(DeliveryStore.Claim::endpointId).toList(), exhausted, System.nanoTime()));
    }

    @Override
    public int room() {
        return running ? lanes.room() : 0;
    }

    @Override
    public Optional<DeliveryStore.Offer> offer() {
        if (!running || lanes.room() == 0) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryStore.Offer(lanes.freeRoom(), lanes.newLaneRoom(), System.nanoTime()));
    }

    /** Runs on this worker's context; a worker already stopping gives them back (due again at once). */
    @Override
    public Future<Void> adopt(List<DeliveryStore.Claim> claims) {
        if (claims.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> taken = Promise.promise();
        context.runOnContext(v -> {
            try {
                if (running) {
                    take(claims, Set.of());
                    wakeLoop();
                } else {
                    store.release(claims);
                }
            } catch (Exception e) { // their events are consumed again
                claims.forEach(c -> c.abandoned(e));
                LOG.warn("Taking on {} new deliveries failed; their events are fanned out again: {}", claims.size(), e.toString());
            } finally {
                taken.complete();
            }
        });
        return taken.future();
    }

    /** Starts what the lanes hand out and gives expired deliveries back (due again when they were due). */
    private void handOut(DeliveryLanes.Handout<Job> handout) {
        for (Job job : handout.start()) {
            ATTEMPTS.newThread(() -> run(job)).start();
        }
        if (!handout.expired().isEmpty()) {
            releaseQuietly(handout.expired());
        }
    }

    /** Waits {@code ms}, or less when an attempt ends meanwhile (its lane can be refilled at once). */
    private void pause(long ms) {
        Promise<Void> wake = Promise.promise();
        this.wake = wake;
        if (running) {
            Future.any(wake.future(), vertx.timer(ms)).await();
        }
        this.wake = null;
    }

    private void wakeLoop() {
        Promise<Void> waiting = wake;
        if (waiting != null) {
            waiting.tryComplete();
        }
    }

    private void measureBacklog() {
        if (System.nanoTime() - backlogMeasuredAt >= BACKLOG_EVERY_NANOS) {
            backlogMeasuredAt = System.nanoTime();
            metrics.backlog(store.backlog());
        }
    }

    private void run(Job job) {
        UUID endpoint = job.claim().endpointId();
        boolean[] sent = new boolean[1];
        long started = System.nanoTime();
        Runnable laneFree = () -> {
            if (!sent[0]) {
                sent[0] = true;
                long now = System.nanoTime();
                handOut(lanes.sent(endpoint, now - started, now));
                wakeLoop();
            }
        };
        try {
            processor.process(job.claim(), job.endpoint(), laneFree);
        } catch (Exception e) { // the lease runs out and the delivery is due again; an unwritten one's event is consumed again
            job.claim().abandoned(e);
            LOG.warn("Delivery {} attempt abandoned; it is retried when its lease ends{}: {}", job.claim().id(),
                    job.claim().unwritten() ? " (not written yet: when its event is fanned out again)" : "", e.toString());
        } finally {
            laneFree.run();
            handOut(lanes.recorded(System.nanoTime()));
            wakeLoop();
        }
    }

    private void releaseQuietly(List<Job> expired) {
        try {
            store.release(expired.stream().map(Job::claim).toList());
        } catch (Exception e) { // their lease runs out and they are due again
            LOG.warn("Giving back {} expired deliveries failed; they are due again when their lease ends: {}", expired.size(), e.toString());
        }
    }
}
