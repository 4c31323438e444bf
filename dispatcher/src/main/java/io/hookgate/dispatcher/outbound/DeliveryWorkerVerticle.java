package io.hookgate.dispatcher.outbound;

import io.hookgate.dispatcher.health.Heartbeat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Claims due deliveries and runs each as its own task, at most {@code inFlight} at once per process and
 * {@code perEndpointConcurrency} per endpoint: the claim skips endpoints at their cap, so a slow endpoint
 * holds only its own slots and never delays another endpoint's deliveries. Virtual-thread verticle.
 */
public final class DeliveryWorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkerVerticle.class);
    private static final int MAX_CLAIM = 64;
    private static final long IDLE_MS = 200;
    private static final long FULL_MS = 20;
    private static final long BACKLOG_EVERY_NANOS = 5_000_000_000L;

    private final DeliveryConfig config;
    private final DeliveryStore store;
    private final DeliveryProcessor processor;
    private final WebhookSender sender;
    private final DeliveryMetrics metrics;
    private final Heartbeat heartbeat;
    private long backlogMeasuredAt = System.nanoTime() - BACKLOG_EVERY_NANOS;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, Integer> perEndpoint = new ConcurrentHashMap<>();
    private final Promise<Void> loopDone = Promise.promise();
    private volatile boolean running;
    private volatile Promise<Void> wake;

    DeliveryWorkerVerticle(DeliveryConfig config, DeliveryStore store, DeliveryProcessor processor, WebhookSender sender,
                           DeliveryMetrics metrics, Heartbeat heartbeat) {
        this.config = config;
        this.heartbeat = heartbeat;
        this.store = store;
        this.processor = processor;
        this.sender = sender;
        this.metrics = metrics;
        metrics.trackInFlight(inFlight::get);
    }

    @Override
    public Future<?> start() {
        running = true;
        context.runOnContext(v -> loop());
        return Future.succeededFuture();
    }

    /** Stops claiming and waits for attempts in flight (bounded by the request timeout); unfinished ones are re-tried after their lease. */
    @Override
    public Future<?> stop() {
        running = false;
        heartbeat.stop();
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
                    int free = config.inFlight() - inFlight.get();
                    if (free <= 0) {
                        pause(FULL_MS);
                        continue;
                    }
                    List<DeliveryStore.Claim> claims = store.claim(Math.min(free, MAX_CLAIM), busyEndpoints(), config.perEndpointConcurrency(), config.lease());
                    Map<UUID, DeliveryStore.Endpoint> endpoints = claims.isEmpty() ? Map.of()
                            : store.endpoints(claims.stream().map(DeliveryStore.Claim::endpointId).collect(Collectors.toSet()));
                    List<DeliveryStore.Claim> unreserved = new ArrayList<>();
                    for (DeliveryStore.Claim claim : claims) {
                        if (!running || !reserve(claim.endpointId())) {
                            unreserved.add(claim);
                        } else {
                            Optional<DeliveryStore.Endpoint> endpoint = Optional.ofNullable(endpoints.get(claim.endpointId()));
                            context.runOnContext(v -> run(claim, endpoint));
                        }
                    }
                    store.release(unreserved);
                    if (claims.size() < Math.min(free, MAX_CLAIM)) {
                        pause(claims.isEmpty() ? IDLE_MS : FULL_MS);
                    }
                } catch (Exception e) { // await() rethrows checked failures too
                    if (running) {
                        LOG.warn("Claiming deliveries failed; claimed ones are retried when their lease ends: {}", e.toString());
                        vertx.timer(1000).await();
                    }
                }
            }
            while (inFlight.get() > 0) {
                vertx.timer(FULL_MS).await();
            }
        } finally {
            loopDone.tryComplete();
        }
    }

    /** Waits {@code ms}, or less when an attempt ends meanwhile (its slot can be claimed again at once). */
    private void pause(long ms) {
        Promise<Void> wake = Promise.promise();
        this.wake = wake;
        Future.any(wake.future(), vertx.timer(ms)).await();
        this.wake = null;
    }

    private void measureBacklog() {
        if (System.nanoTime() - backlogMeasuredAt >= BACKLOG_EVERY_NANOS) {
            backlogMeasuredAt = System.nanoTime();
            metrics.backlog(store.backlog());
        }
    }

    private void run(DeliveryStore.Claim claim, Optional<DeliveryStore.Endpoint> endpoint) {
        try {
            processor.process(claim, endpoint);
        } catch (Exception e) { // the lease runs out and the delivery is due again
            LOG.warn("Delivery {} attempt abandoned; it is retried when its lease ends: {}", claim.id(), e.toString());
        } finally {
            perEndpoint.computeIfPresent(claim.endpointId(), (id, n) -> n <= 1 ? null : n - 1);
            inFlight.decrementAndGet();
            Promise<Void> waiting = wake;
            if (waiting != null) {
                waiting.tryComplete();
            }
        }
    }

    private boolean reserve(UUID endpointId) {
        boolean[] taken = {false};
        perEndpoint.compute(endpointId, (id, n) -> {
            int now = n == null ? 0 : n;
            if (now >= config.perEndpointConcurrency()) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        if (taken[0]) {
            inFlight.incrementAndGet();
        }
        return taken[0];
    }

    /** Free slots of every endpoint with attempts running here. */
    private Map<UUID, Integer> busyEndpoints() {
        Map<UUID, Integer> busy = new HashMap<>();
        perEndpoint.forEach((id, n) -> busy.put(id, Math.max(0, config.perEndpointConcurrency() - n)));
        return busy;
    }
}
