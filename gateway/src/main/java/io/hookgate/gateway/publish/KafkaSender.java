package io.hookgate.gateway.publish;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * The gateway's one Kafka producer, fed by every ingest event loop through one thread of its own.
 * <p>
 * {@code KafkaProducer.send} may block (while it waits for a topic's metadata or for room in a full buffer), so an
 * event loop must not call it. The Vert.x Kafka client hands every record to a worker task instead: a task
 * submission, and often a worker thread woken, per record — a tenth of the gateway process's CPU at its maximum
 * rate. Here one sender thread drains a lock-free queue. An event loop does not hand each record over as it comes:
 * what it sends during one turn (the requests its last wake-up read) is handed over together when the turn ends,
 * so the sender thread, which sleeps whenever it has caught up, is woken once a turn and not once a record (at the
 * maximum rate ~4.6 records a turn; the wake-ups on both sides were ~7 % of the gateway process's CPU). The
 * broker's answer completes each caller's future on the caller's own context (a promise of that context: its
 * listeners, and a {@code timeout} on its future, stay on the caller's event loop). The records of one event loop
 * are sent in the order of its {@link #send} calls.
 * <p>
 * {@link #close} sends what was handed over before it, waits for the producer to flush, and fails what comes after
 * — a record still in an event loop's unfinished turn included, so close it once the ingest verticles are undeployed.
 */
public final class KafkaSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
    private static final Handover STOP = new Handover(List.of());
    private final Producer<String, byte[]> producer;
    private final LinkedTransferQueue<Handover> queue = new LinkedTransferQueue<>();
    /** What the current turn of each event loop has sent so far. */
    private final FastThreadLocal<Turn> turns = new FastThreadLocal<>() {
        @Override
        protected Turn initialValue() {
            return new Turn();
        }
    };
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
        EventLoop loop = context.nettyEventLoop();
        if (context.isEventLoopContext() && loop.inEventLoop()) {
            turns.get().add(pending, loop);
        } else {
            handOver(List.of(pending));
        }
        return pending.promise.future();
    }

    private void handOver(List<Pending> sent) {
        Handover handover = new Handover(sent);
        if (!closed) {
            queue.add(handover);
            if (!closed || !queue.remove(handover)) { // closed meanwhile, and close's final sweep may have passed
                return;
            }
        }
        handover.fail(new IllegalStateException("the Kafka sender is closed"));
    }

    private void drain() {
        while (true) {
            Handover handover;
            try {
                handover = queue.take();
            } catch (InterruptedException e) {
                continue; // only close stops the thread, and it does so with STOP
            }
            if (handover == STOP) {
                return;
            }
            for (Pending pending : handover.sent) {
                try {
                    producer.send(pending.record, pending::complete);
                } catch (RuntimeException e) { // the producer closed under it, an interrupt while it waited for room
                    pending.complete(null, e);
                }
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
        Handover left;
        while ((left = queue.poll()) != null) {
            left.fail(new IllegalStateException("the Kafka sender is closed"));
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

    /**
     * The records one event loop sent in its current turn. The first one schedules the hand-over as a task of
     * the same event loop, which runs once the loop is done with what woke it.
     */
    private final class Turn {
        private List<Pending> sent = new ArrayList<>();

        void add(Pending pending, EventLoop loop) {
            sent.add(pending);
            if (sent.size() == 1) {
                try {
                    loop.execute(this::end);
                } catch (RejectedExecutionException e) { // the event loop is shutting down
                    end();
                }
            }
        }

        private void end() {
            List<Pending> ended = sent;
            sent = new ArrayList<>();
            handOver(ended);
        }
    }

    /** Records handed to the sender thread at once; equal only to itself (the close sweep removes this one). */
    private static final class Handover {
        private final List<Pending> sent;

        Handover(List<Pending> sent) {
            this.sent = sent;
        }

        void fail(Exception error) {
            for (Pending pending : sent) {
                pending.complete(null, error);
            }
        }
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
