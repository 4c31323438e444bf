package io.hookgate.dispatcher.consume;

import io.hookgate.dispatcher.config.DispatcherConfig;
import io.hookgate.dispatcher.health.LoopHealth;
import io.hookgate.dispatcher.metrics.DispatcherMetrics;
import io.hookgate.dispatcher.outbox.OutboxRelay;
import io.hookgate.dispatcher.store.HistoryWriter;
import io.hookgate.model.Topics;
import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Consumes accepted and rejected webhooks and turns each into one history row: poll → decode → write in
 * one transaction → commit the offsets. Offsets are committed only after the database commit, so a crash
 * at any point re-delivers at most the last batch, and the idempotent insert absorbs it. A record that
 * can never be stored goes to {@code hookgate.inbound.dlq} and the partition keeps moving.
 *
 * <p>Deploy with {@code ThreadingModel.VIRTUAL_THREAD}: the loop reads straight through with {@code await()}.
 */
public final class InboundConsumerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(InboundConsumerVerticle.class);
    static final Set<String> TOPICS = Set.of(Topics.INBOUND, Topics.REJECTED);
    /** Longest a stop waits for the batch in hand to reach the database and its offsets (deployments size their grace period on it). */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final DispatcherConfig config;
    private final HistoryWriter writer;
    private final BatchObserver observer;
    private final KafkaProducer<String, byte[]> producer;
    private final OutboxRelay relay;
    private final DispatcherMetrics metrics;
    private final LoopHealth health;
    private final Promise<Void> stopped = Promise.promise();
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private DeadLetters deadLetters;

    public InboundConsumerVerticle(DispatcherConfig config, HistoryWriter writer, KafkaProducer<String, byte[]> producer,
                                   OutboxRelay relay, DispatcherMetrics metrics, BatchObserver observer, LoopHealth health) {
        this.metrics = metrics;
        this.health = health;
        this.config = config;
        this.writer = writer;
        this.producer = producer;
        this.relay = relay;
        this.observer = observer;
    }

    @Override
    public Future<?> start() {
        deadLetters = new DeadLetters(producer);
        consumer = newConsumer();
        running = true;
        return consumer.subscribe(TOPICS).onSuccess(v -> context.runOnContext(x -> pollLoop()));
    }

    @Override
    public Future<?> stop() {
        running = false;
        health.heartbeat().stop();
        return stopped.future().timeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .eventually(() -> {
                    metrics.close();
                    return consumer.close();
                });
    }

    /**
     * Every catch here takes {@code Exception}, not only {@code RuntimeException}: {@code await()} rethrows a failure's
     * cause as it is, and the PostgreSQL client fails with checked ones ({@code SocketException: Connection reset},
     * {@code ConnectException} while the server restarts). One escaping this loop ended the loop's thread while the
     * consumer, heartbeating in the background, kept its partitions: their webhooks waited for the next restart.
     */
    private void pollLoop() {
        try {
            while (running) {
                health.heartbeat().beat();
                try {
                    KafkaConsumerRecords<String, byte[]> batch = consumer.poll(config.pollTimeout()).await();
                    if (!batch.isEmpty() && running) {
                        handle(batch);
                    }
                } catch (Exception e) {
                    if (!running) {
                        break;
                    }
                    LOG.error("Batch abandoned before its offsets were committed; resuming from the last committed offsets", e);
                    restartConsumer();
                }
            }
        } finally {
            stopped.tryComplete();
        }
    }

    private void handle(KafkaConsumerRecords<String, byte[]> batch) {
        long started = System.nanoTime();
        List<KafkaConsumerRecord<String, byte[]>> raw = new ArrayList<>(batch.size());
        List<IngestRecord> decoded = new ArrayList<>(batch.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = batch.recordAt(i);
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1, null));
            try {
                decoded.add(decode(record));
                raw.add(record);
            } catch (CloudEventsCodec.MalformedRecordException e) {
                health.heartbeat().beat(); // each send is bounded by the producer's delivery timeout, not the batch
                deadLetters.send(record, "malformed_record: " + e.getMessage()).await();
                metrics.deadLettered();
            }
        }
        store(raw, decoded);
        observer.stored(decoded);
        consumer.commit(offsets).await();
        metrics.batch(System.nanoTime() - started);
        relay.wake();
    }

    /** Writes the batch, retrying transient failures; poison rows are isolated and dead-lettered one by one. */
    private void store(List<KafkaConsumerRecord<String, byte[]>> raw, List<IngestRecord> decoded) {
        while (true) {
            health.heartbeat().beat();
            try {
                long started = System.nanoTime();
                writer.write(decoded).await();
                metrics.historyWrite(System.nanoTime() - started, decoded.size());
                return;
            } catch (Exception e) {
                if (Disposition.of(e) == Disposition.DEAD_LETTER) {
                    storeOneByOne(raw, decoded);
                    return;
                }
                if (!running) {
                    throw e;
                }
                LOG.warn("History write of {} records failed, retrying in {} ms: {}", decoded.size(),
                        config.retryBackoff().toMillis(), e.toString());
                vertx.timer(config.retryBackoff().toMillis()).await();
            }
        }
    }

    private void storeOneByOne(List<KafkaConsumerRecord<String, byte[]>> raw, List<IngestRecord> decoded) {
        for (int i = 0; i < decoded.size(); i++) {
            health.heartbeat().beat();
            try {
                writer.write(List.of(decoded.get(i))).await();
            } catch (Exception e) {
                if (Disposition.of(e) != Disposition.DEAD_LETTER) {
                    throw e;
                }
                LOG.warn("Record {} refused by the database, dead-lettered: {}", decoded.get(i).recordId(), e.getMessage());
                deadLetters.send(raw.get(i), "database_refused: " + e.getMessage()).await();
                metrics.deadLettered();
            }
        }
    }

    /** A fresh consumer from the last committed offsets; tries again, after the backoff, until one is subscribed. */
    private void restartConsumer() {
        try {
            consumer.close().await();
        } catch (Exception e) {
            LOG.debug("Closing the abandoned consumer failed: {}", e.toString());
        }
        while (running) {
            health.heartbeat().beat();
            try {
                vertx.timer(config.retryBackoff().toMillis()).await();
                consumer = newConsumer();
                consumer.subscribe(TOPICS).await();
                return;
            } catch (Exception e) {
                LOG.warn("Restarting the consumer failed, trying again: {}", e.toString());
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        KafkaConsumer<String, byte[]> created = KafkaConsumer.create(vertx, config.consumerConfig());
        metrics.consumer(created.unwrap());
        health.membership().reset();
        created.partitionsAssignedHandler(health.membership()::assigned);
        created.partitionsRevokedHandler(health.membership()::revoked);
        return created;
    }

    private static IngestRecord decode(KafkaConsumerRecord<String, byte[]> record) {
        return CloudEventsCodec.decode(ConsumedHeaders.of(record), record.value());
    }
}
