package io.hookgate.dispatcher.outbound;

import io.hookgate.dispatcher.consume.ConsumedHeaders;
import io.hookgate.dispatcher.health.Heartbeat;
import io.hookgate.model.Topics;
import io.hookgate.model.event.PlatformEvent;
import io.hookgate.model.event.PlatformEventCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code hookgate.events} and schedules one delivery per subscribed active endpoint of the
 * event's organisation and environment (exact type or {@code flow.*}), idempotently, committing offsets
 * only after the database commit; those the worker beside it has room for are scheduled under its lease and
 * handed to it ({@link DeliveryIntake}). Virtual-thread verticle.
 */
public final class EventFanoutVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EventFanoutVerticle.class);
    /** Longest a stop waits for the events in hand to be fanned out (deployments size their grace period on it). */
    public static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(30);
    private final Map<String, String> consumerConfig;
    private final DeliveryStore store;
    private final DeliveryIntake intake;
    private final Heartbeat heartbeat;
    private final Promise<Void> stopped = Promise.promise();
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;

    EventFanoutVerticle(Map<String, String> consumerConfig, DeliveryStore store, DeliveryIntake intake, Heartbeat heartbeat) {
        this.consumerConfig = consumerConfig;
        this.store = store;
        this.intake = intake;
        this.heartbeat = heartbeat;
    }

    @Override
    public Future<?> start() {
        consumer = KafkaConsumer.create(vertx, consumerConfig);
        running = true;
        return consumer.subscribe(Set.of(Topics.EVENTS)).onSuccess(v -> context.runOnContext(x -> loop()));
    }

    @Override
    public Future<?> stop() {
        running = false;
        heartbeat.stop();
        return stopped.future().timeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).eventually(() -> consumer.close());
    }

    private void loop() {
        try {
            while (running) {
                heartbeat.beat();
                try {
                    KafkaConsumerRecords<String, byte[]> batch = consumer.poll(java.time.Duration.ofMillis(200)).await();
                    if (!batch.isEmpty() && running) {
                        fanOut(batch);
                    }
                } catch (Exception e) { // await() rethrows checked failures too
                    if (!running) {
                        break;
                    }
                    LOG.warn("Event fan-out batch abandoned; resuming from the last committed offsets: {}", e.toString());
                    restartConsumer();
                }
            }
        } finally {
            stopped.tryComplete();
        }
    }

    /** A fresh consumer from the last committed offsets; nothing may escape the loop, or its thread ends for good. */
    private void restartConsumer() {
        try {
            consumer.close().await();
        } catch (Exception e) {
            LOG.debug("Closing the abandoned fan-out consumer failed: {}", e.toString());
        }
        while (running) {
            try {
                vertx.timer(1000).await();
                consumer = KafkaConsumer.create(vertx, consumerConfig);
                consumer.subscribe(Set.of(Topics.EVENTS)).await();
                return;
            } catch (Exception e) {
                LOG.warn("Restarting the fan-out consumer failed, trying again: {}", e.toString());
            }
        }
    }

    private void fanOut(KafkaConsumerRecords<String, byte[]> batch) {
        List<DeliveryStore.Event> events = new ArrayList<>(batch.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = batch.recordAt(i);
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1, null));
            try {
                PlatformEvent event = decode(record);
                Object data = Json.decodeValue(Buffer.buffer(event.data()));
                byte[] body = new JsonObject().put("type", event.type()).put("timestamp", event.time().toString()).put("data", data)
                        .toBuffer().getBytes();
                events.add(new DeliveryStore.Event(event.organisationId(), event.environment().name(), event.id(), event.type(), body));
            } catch (RuntimeException e) {
                LOG.warn("Skipping an unreadable event at {}/{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        if (!events.isEmpty()) {
            intake.adopt(store.schedule(events, intake.offer().orElse(DeliveryStore.Offer.NONE)));
        }
        consumer.commit(offsets).await();
    }

    private static PlatformEvent decode(KafkaConsumerRecord<String, byte[]> record) {
        return PlatformEventCodec.decode(ConsumedHeaders.of(record), record.value());
    }
}
