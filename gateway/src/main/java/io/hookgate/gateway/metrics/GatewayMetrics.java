package io.hookgate.gateway.metrics;

import io.hookgate.model.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters. Counters are looked up once per (connection, outcome) and kept, so the hot
 * path pays a map lookup rather than a registry lookup per request.
 */
public final class GatewayMetrics {
    /** Connection label of requests whose URL names no known connection (keeps cardinality bounded). */
    public static final String UNKNOWN_CONNECTION = "unknown";

    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final Counter producerErrors;
    private final Counter replays;
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> verificationFailures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Outcome, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> shed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> rateLimited = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder("hookgate.publish.latency")
                .description("Time from produce to the broker's acknowledgement (acks=all)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.producerErrors = Counter.builder("hookgate.kafka.producer.errors")
                .description("Produce attempts that failed or timed out").register(registry);
        this.replays = Counter.builder("hookgate.idempotency.replays")
                .description("Requests answered with a stored first response").register(registry);
    }

    public void request(String connectionId, Outcome outcome, long durationNanos) {
        requests.computeIfAbsent(connectionId + '\u0000' + outcome.name(), k -> Counter.builder("hookgate.ingest.requests")
                .description("Ingest requests by connection and outcome")
                .tag("connection", connectionId).tag("outcome", outcome.name())
                .register(registry)).increment();
        durations.computeIfAbsent(outcome, o -> Timer.builder("hookgate.ingest.duration")
                .description("Ingest request duration by outcome")
                .tag("outcome", o.name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** @param reason the internal reason (never sent to the caller), e.g. {@code signature_mismatch} */
    public void verificationFailure(String authMode, String reason) {
        verificationFailures.computeIfAbsent(authMode + '\u0000' + reason, k -> Counter.builder("hookgate.verification.failures")
                .description("Failed verifications by auth mode and internal reason")
                .tag("mode", authMode).tag("reason", reason)
                .register(registry)).increment();
    }

    public void published(long nanos) {
        publishLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void publishFailed() {
        producerErrors.increment();
    }

    public void replayed() {
        replays.increment();
    }

    /**
     * Work refused by a process-wide limit rather than by a connection's rules.
     *
     * @param limit which one: {@code in_flight}, {@code connections}, {@code connection_concurrency} (a request
     *              that waited too long for a place of its connection)
     */
    public void shed(String limit) {
        shed.computeIfAbsent(limit, l -> Counter.builder("hookgate.ingest.shed")
                .description("Requests or connections refused by a process-wide ingest limit")
                .tag("limit", l)
                .register(registry)).increment();
    }

    /**
     * A request refused with 429 RATE_LIMITED.
     *
     * @param scope whose rate it exceeded: {@code connection} or {@code organisation}
     */
    public void rateLimited(String scope) {
        rateLimited.computeIfAbsent(scope, s -> Counter.builder("hookgate.ingest.rate.limited")
                .description("Requests refused with 429 by a connection's rate limit or an organisation's quota")
                .tag("scope", s)
                .register(registry)).increment();
    }

    /** The number of publishes awaiting the broker's acknowledgement, as a gauge. */
    public void inFlight(java.util.function.IntSupplier inFlight) {
        io.micrometer.core.instrument.Gauge.builder("hookgate.ingest.in.flight", inFlight::getAsInt)
                .description("Publishes awaiting the broker's acknowledgement")
                .strongReference(true) // the method reference has no other owner: a weak one would read NaN
                .register(registry);
    }
}
