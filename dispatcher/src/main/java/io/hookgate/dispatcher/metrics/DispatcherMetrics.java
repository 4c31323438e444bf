package io.hookgate.dispatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's meters: batch processing latency, history write latency, records by result, and the
 * Kafka consumer's own metrics (records-lag-max and friends) for the consumer currently in use.
 */
public final class DispatcherMetrics {
    private final MeterRegistry registry;
    private final Timer batchLatency;
    private final Timer historyWriteLatency;
    private final Counter stored;
    private final Counter deadLettered;
    private KafkaClientMetrics consumerMetrics;

    public DispatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchLatency = timer("hookgate.dispatcher.batch.latency", "From poll to offset commit, per batch");
        this.historyWriteLatency = timer("hookgate.history.write.latency", "One history transaction, per batch");
        this.stored = Counter.builder("hookgate.dispatcher.records").tag("result", "stored")
                .description("Records consumed by result").register(registry);
        this.deadLettered = Counter.builder("hookgate.dispatcher.records").tag("result", "dead_lettered")
                .description("Records consumed by result").register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    public void batch(long nanos) {
        batchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void historyWrite(long nanos, int records) {
        historyWriteLatency.record(nanos, TimeUnit.NANOSECONDS);
        stored.increment(records);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** Binds the Kafka client metrics (lag included) of a new consumer, releasing the previous one's. */
    public synchronized void consumer(Consumer<?, ?> consumer) {
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
    }

    public synchronized void close() {
        if (consumerMetrics != null) {
            consumerMetrics.close();
            consumerMetrics = null;
        }
    }
}
