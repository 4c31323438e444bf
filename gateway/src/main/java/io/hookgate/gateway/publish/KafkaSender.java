package io.hookgate.gateway.publish;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedTransferQueue;

/**
 * The gateway's one Kafka producer, fed by every ingest event loop through one thread of its own.
 * <p>
 * {@code KafkaProducer.send} may block (while it waits for a topic's metadata or for room in a full buffer), so an
 * event loop must not call it. The Vert.x Kafka client hands every record to a worker task instead: a task
 * submission, and often a worker thread woken, per record — a tenth of the gateway process's CPU at its maximum
 * rate. Here event loops append to a lock-free queue that one sender thread drains: while records keep coming the
 * thread never sleeps, so nobody has to wake it. The broker's answer completes each caller's future on the
 * caller's own context (a promise of that context: its listeners, and a {@code timeout} on its future, stay on the
 * caller's event loop). Records are sent in the order of the {@link #send} calls.
 * <p>
 * {@link #close} sends what was queued before it, waits for the producer to flush, and fails what comes after.
 */
public final class KafkaSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
    private static final Pending STOP = new Pending(null, null);
    private final Producer<String, byte[]> producer;
    private final LinkedTransferQueue<Pending> queue = new LinkedTransferQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param producer the sender owns it from here: {@link #close} closes it
     * @param name     the sender thread's name
     */
    public KafkaSender(Producer<String, byte[]> producer, String name) {
        this.producer = Objects.requireNonNull(producer);
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::drain);
        thread.start();
    }

    /** A sender over a new {@link KafkaProducer} made from these settings (serializers included). */
    public static KafkaSender open(Map<String, String> producerConfig, String name) {
        return new KafkaSender(new KafkaProducer<>(new HashMap<String, Object>(producerConfig)), name);
    }

    /**
     * Queues the record; the future completes on the calling context once the broker acknowledged it (or refused
     * it, or the producer gave up on it). Call from a Vert.x context: an event loop never waits here.
     */
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        ContextInternal context = (ContextInternal) Objects.requireNonNull(Vertx.currentContext(),
                "KafkaSender.send needs a Vert.x context");
        if (closed) {
            return context.failedFuture(new IllegalStateException("the Kafka sender is closed"));
        }
        Pending pending = new Pending(record, context.promise());
        queue.add(pending);
        if (closed && queue.remove(pending)) { // closed meanwhile, and close's final sweep may have passed
            pending.complete(null, new IllegalStateException("the Kafka sender is closed"));
        }
        return pending.promise.future();
    }

    private void drain() {
        while (true) {
            Pending pending;
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                continue; // only close stops the thread, and it does so with STOP
            }
            if (pending == STOP) {
                return;
            }
            try {
                producer.send(pending.record, pending::complete);
            } catch (RuntimeException e) { // the producer closed under it, an interrupt while it waited for room
                pending.complete(null, e);
            }
        }
    }

    /**
     * Sends what was queued, waits up to {@code timeout} for the broker's answers, then closes the producer; a send
     * after this fails at once. Blocks: call it from a thread that may.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            if (left != STOP) {
                left.complete(null, new IllegalStateException("the Kafka sender is closed"));
            }
        }
        if (thread.isAlive()) {
            // Still inside a send that waits for the broker (metadata, room): closing the producer ends that
            // wait, and the thread must then find STOP again, which the sweep above took.
            queue.add(STOP);
        }
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("Closing the Kafka producer failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** @param promise of the caller's context: completed from any thread, it calls back on that context */
    private record Pending(ProducerRecord<String, byte[]> record, Promise<RecordMetadata> promise) {
        /** Runs on the producer's I/O thread (or the sender thread when the producer refuses at once). */
        void complete(RecordMetadata metadata, Exception error) {
            if (error == null) {
                promise.complete(metadata);
            } else {
                promise.fail(error);
            }
        }
    }
}
