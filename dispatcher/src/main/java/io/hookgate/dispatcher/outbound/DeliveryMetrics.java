package io.hookgate.dispatcher.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Outbound meters: attempts by verdict and result class (2xx, 5xx, timeout, …), attempt latency,
 * attempts in flight, endpoints disabled, leases lost to another worker, and where new deliveries were scheduled.
 */
final class DeliveryMetrics {
    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter disabled;
    private final Counter leasesLost;
    private final Counter scheduledToWorker;
    private final Counter scheduledToQueue;
    private final AtomicLong dueBacklog = new AtomicLong();
    private final AtomicLong oldestDueMillis = new AtomicLong();

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("hookgate.outbound.attempt.latency").description("One delivery attempt, connect to answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
        this.disabled = Counter.builder("hookgate.outbound.endpoints.disabled").description("Endpoints disabled by delivery results")
                .register(registry);
        this.leasesLost = Counter.builder("hookgate.outbound.leases.lost")
                .description("Attempts whose delivery another worker had taken over when they finished").register(registry);
        this.scheduledToWorker = scheduledCounter(registry, "worker");
        this.scheduledToQueue = scheduledCounter(registry, "queue");
        Gauge.builder("hookgate.outbound.due.backlog", dueBacklog::get)
                .description("Deliveries due now and not yet claimed, across all workers").register(registry);
        Gauge.builder("hookgate.outbound.oldest.due.seconds", () -> oldestDueMillis.get() / 1000.0)
                .description("How long the longest-waiting due delivery has been due").register(registry);
    }

    private static Counter scheduledCounter(MeterRegistry registry, String to) {
        return Counter.builder("hookgate.outbound.scheduled")
                .description("New events' deliveries scheduled: to the worker beside the fan-out, or due in the queue for a claim")
                .tag("to", to).register(registry);
    }

    void backlog(DeliveryStore.Backlog backlog) {
        dueBacklog.set(backlog.due());
        oldestDueMillis.set(backlog.oldestDueMillis());
    }

    void trackInFlight(IntSupplier inFlight) {
        Gauge.builder("hookgate.outbound.in.flight", inFlight::getAsInt).description("Attempts in flight in this process")
                .strongReference(true).register(registry);
    }

    void attempt(AttemptResult result, RetryPolicy.Verdict verdict) {
        latency.record(result.latencyMs(), TimeUnit.MILLISECONDS);
        Counter.builder("hookgate.outbound.attempts").description("Delivery attempts by verdict and result class")
                .tag("verdict", verdict.step().name().toLowerCase(java.util.Locale.ROOT)).tag("result", result.resultClass())
                .register(registry).increment();
        if (verdict.step() == RetryPolicy.Step.DISABLE) {
            disabled.increment();
        }
    }

    /**
     * A new event's deliveries as scheduled: {@code toWorker} handed to the worker beside the fan-out (their first attempt
     * starts without a claim, their row written once with its result), {@code toQueue} written due, for whichever worker
     * claims them (the row rewritten when it is claimed and again when it is settled).
     */
    void scheduled(int toWorker, int toQueue) {
        scheduledToWorker.increment(toWorker);
        scheduledToQueue.increment(toQueue);
    }

    void leaseLost() {
        leasesLost.increment();
    }
}
