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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code hookgate.events} and schedules one delivery per subscribed active endpoint of the
 * event's organisation and environment (exact type or {@code flow.*}), idempotently; those the worker beside it
 * has room for are handed to it unwritten, their rows written with their first attempt's result
 * ({@link DeliveryIntake}), a batch in shares paced to the room it has ({@link #schedulePaced}); the rest are written
 * due. A batch's offsets are committed only once all its deliveries are written, in order: while one is still in
 * the worker's hands, later batches are fanned out but not committed past it, and when one cannot be written the
 * consumer starts again from the last committed offsets (deliveries already written are not scheduled twice).
 * Virtual-thread verticle.
 */
public final class EventFanoutVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EventFanoutVerticle.class);
    /** Longest a stop waits for the events in hand to be fanned out (deployments size their grace period on it). */
    public static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** Longest a batch's remaining events wait for the worker to have room before they are scheduled due. */
    private static final long ROOM_WAIT_MS = 1_000;
    private static final long ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(ROOM_WAIT_MS);
    private static final long ROOM_POLL_MS = 2;
    /** Longest one batch is paced to the worker's room in all. */
    private static final long PACE_LIMIT_MS = 10_000;
    private static final long PACE_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(PACE_LIMIT_MS);
    /** The fewest deliveries worth a schedule statement while more events wait (unless that is all that is left). */
    private static final int MIN_SHARE = 64;
    private static final double MIN_PER_EVENT = 0.01;
    private static final long ADOPT_TIMEOUT_MS = 5_000;
    /**
     * Longest a batch's offered deliveries may take to be written before the batch counts as failed: well past an
     * attempt's own deadline (the worker's lease) and its recording.
     */
    private static final long WRITTEN_TIMEOUT_MS = 120_000;
    /** How long a stop waits for deliveries in the worker's hands to be written, within {@link #STOP_TIMEOUT}. */
    private static final long STOP_WRITTEN_MS = STOP_TIMEOUT.toMillis() - 5_000;
    /**
     * Offsets are committed at most this often: a commit is a round trip on the consumer's thread that the next poll
     * waits behind (~3-6 ms a batch on a busy box, where a trickle of events makes a batch per event or two). A crash
     * consumes the uncommitted events again; their deliveries already written are not scheduled twice.
     */
    private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final Map<String, String> consumerConfig;
    private final DeliveryStore store;
    private final DeliveryIntake intake;
    private final DeliveryMetrics metrics;
    private final Heartbeat heartbeat;
    private final Promise<Void> stopped = Promise.promise();
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    /** Deliveries per event in the last share that made any: how many events the worker's room takes. */
    private double perEvent = 1;
    /** The endpoints the last share was scheduled to: whose lanes the next share will most likely fill. */
    private Set<UUID> endpoints = Set.of();
    /** Which of {@link #endpoints}' lanes have stayed full for as long as a lane holds work. */
    private final SlowLanes slowLanes = new SlowLanes(System::nanoTime, DeliveryLanes.BUFFER_NANOS);
    /** Batches fanned out whose deliveries may not all be written yet, oldest first. */
    private final ArrayDeque<Fanned> uncommitted = new ArrayDeque<>();
    /** The next offsets of the batches whose deliveries are all written, not committed yet. */
    private final Map<TopicPartition, OffsetAndMetadata> writtenOffsets = new HashMap<>();
    private long committedAt = System.nanoTime();

    /** A batch fanned out: its next offsets, to commit once its deliveries in the worker's hands are written. */
    private record Fanned(Map<TopicPartition, OffsetAndMetadata> offsets, Future<Void> written) {
    }

    EventFanoutVerticle(Map<String, String> consumerConfig, DeliveryStore store, DeliveryIntake intake, DeliveryMetrics metrics,
                        Heartbeat heartbeat) {
        this.consumerConfig = consumerConfig;
        this.metrics = metrics;
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
                        uncommitted.add(fanOut(batch));
                    }
                    commitWritten(false);
                } catch (Exception e) { // await() rethrows checked failures too
                    if (!running) {
                        break;
                    }
                    LOG.warn("Event fan-out batch abandoned; resuming from the last committed offsets: {}", e.toString());
                    // What the worker still holds is written first (or given up), so that less is sent twice; the
                    // batches written before the one that failed are committed.
                    awaitWritten(WRITTEN_TIMEOUT_MS);
                    uncommitted.clear();
                    commitQuietly();
                    restartConsumer();
                }
            }
            awaitWritten(STOP_WRITTEN_MS);
            commitWritten(true);
        } catch (Exception e) {
            LOG.warn("Committing the fanned-out events at stop failed; they are fanned out again, those written are not sent twice: {}",
                    e.toString());
        } finally {
            stopped.tryComplete();
        }
    }

    /**
     * Commits the offsets of the oldest batches whose deliveries are all written, up to the first that is not; unless
     * {@code now}, at most every {@link #COMMIT_EVERY_NANOS}.
     *
     * @throws IllegalStateException when the oldest batch's deliveries could not be written
     */
    private void commitWritten(boolean now) {
        while (!uncommitted.isEmpty() && uncommitted.peek().written().isComplete()) {
            Fanned done = uncommitted.poll();
            if (done.written().failed()) {
                throw new IllegalStateException("a fanned-out batch's deliveries were not written", done.written().cause());
            }
            writtenOffsets.putAll(done.offsets());
        }
        if (!writtenOffsets.isEmpty() && (now || System.nanoTime() - committedAt >= COMMIT_EVERY_NANOS)) {
            commitGathered();
        }
    }

    private void commitGathered() {
        consumer.commit(Map.copyOf(writtenOffsets)).await();
        writtenOffsets.clear();
        committedAt = System.nanoTime();
    }

    /** Commits what {@link #commitWritten} had gathered before a failure; if it cannot, those events are consumed again. */
    private void commitQuietly() {
        try {
            if (!writtenOffsets.isEmpty()) {
                commitGathered();
            }
        } catch (Exception e) {
            LOG.debug("Committing the written batches before a restart failed: {}", e.toString());
        } finally {
            writtenOffsets.clear();
        }
    }

    /** Waits up to {@code ms} for every uncommitted batch's deliveries to be written or given up, beating the heartbeat. */
    private void awaitWritten(long ms) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        Future<?> all = Future.join(uncommitted.stream().map(Fanned::written).toList());
        while (!all.isComplete() && System.nanoTime() - until < 0) {
            heartbeat.beat();
            Future.any(all, vertx.timer(100)).await();
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

    private Fanned fanOut(KafkaConsumerRecords<String, byte[]> batch) {
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
        List<Future<Void>> written = schedulePaced(events);
        return new Fanned(offsets, Future.all(written).<Void>mapEmpty().timeout(WRITTEN_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /**
     * Schedules a batch's events in shares that fit the worker's room, waiting for room to free up between them, so
     * that a burst's deliveries reach the worker unwritten as it works them off (the events not yet consumed
     * wait in Kafka) rather than being written due, claimed (every row rewritten again) and settled: in the bench's
     * burst, 55,000 of 76,000 deliveries went that longer way. When the worker has had no room for
     * {@link #ROOM_WAIT_MS}, or the batch has been paced for {@link #PACE_LIMIT_MS} (well inside the consumer's poll
     * interval), or either is stopping, the rest is scheduled due at once: a worker held up by slow endpoints never
     * holds up the schedule for long.
     */
    private List<Future<Void>> schedulePaced(List<DeliveryStore.Event> events) {
        List<Future<Void>> written = new ArrayList<>();
        int next = 0;
        boolean probe = true;
        long paceUntil = System.nanoTime() + PACE_LIMIT_NANOS;
        long giveUpAt = System.nanoTime() + ROOM_WAIT_NANOS;
        while (next < events.size()) {
            int remaining = events.size() - next;
            Optional<DeliveryStore.Offer> offer = intake.offer();
            // Events that fit: the worker's room over the deliveries an event makes, and the least room of the lanes (the
            // endpoints are most likely those of the last share; one whose lane has stayed full is the slow one, its
            // surplus due, for a claim, so that it does not hold the others' deliveries back). A batch's first share is
            // a new lane's worth, to learn its endpoints and how many deliveries its events make.
            int newLaneRoom = offer.map(DeliveryStore.Offer::newLaneRoom).orElse(1);
            int fit = offer.map(o -> (int) Math.min(intake.room() / perEvent, o.leastOpenRoom(endpoints, slowLanes.among(endpoints, o::full))))
                    .orElse(0);
            if (probe) {
                fit = Math.min(fit, newLaneRoom);
            }
            int wanted = Math.min(remaining, Math.min((int) Math.ceil(MIN_SHARE / perEvent), newLaneRoom));
            long now = System.nanoTime();
            if (fit < wanted && running && now - giveUpAt < 0 && now - paceUntil < 0) {
                heartbeat.beat();
                vertx.timer(ROOM_POLL_MS).await();
                continue;
            }
            int share = fit < wanted ? remaining : Math.clamp(fit, 1, remaining);
            DeliveryStore.Scheduled scheduled = store.schedule(events.subList(next, next + share), offer.orElse(DeliveryStore.Offer.NONE));
            written.add(scheduled.written());
            // Bounded: a worker that never takes them (stopped meanwhile) must not stall the fan-out; the batch fails, and
            // its events are fanned out again.
            intake.adopt(scheduled.offered()).timeout(ADOPT_TIMEOUT_MS, TimeUnit.MILLISECONDS).await();
            metrics.scheduled(scheduled.offered().size(), scheduled.deliveries() - scheduled.offered().size());
            if (!scheduled.endpoints().isEmpty()) {
                endpoints = scheduled.endpoints();
                perEvent = Math.max(MIN_PER_EVENT, (double) scheduled.deliveries() / share);
            }
            probe = false;
            next += share;
            giveUpAt = System.nanoTime() + ROOM_WAIT_NANOS;
        }
        return written;
    }

    private static PlatformEvent decode(KafkaConsumerRecord<String, byte[]> record) {
        return PlatformEventCodec.decode(ConsumedHeaders.of(record), record.value());
    }
}
