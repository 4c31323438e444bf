package io.hookgate.gateway.publish;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaSenderTest {
    private static final String SENDER_THREAD = "test-kafka-sender";
    private final Vertx vertx = Vertx.vertx();
    /** The producer's acknowledgements are given by each test (autoComplete off), like a broker that has not answered yet. */
    private final ThreadRecordingProducer producer = new ThreadRecordingProducer();
    private final KafkaSender sender = new KafkaSender(producer, SENDER_THREAD);

    @AfterEach
    void close() {
        sender.close(Duration.ofSeconds(5));
        vertx.close().await();
    }

    private static ProducerRecord<String, byte[]> record(String key) {
        return new ProducerRecord<>("hookgate.inbound", key, new byte[]{1, 2, 3});
    }

    /** Runs on an event loop and returns what it made, like an ingest handler calling the sender. */
    private <T> T onEventLoop(Context context, Supplier<T> action) throws Exception {
        CompletableFuture<T> made = new CompletableFuture<>();
        context.runOnContext(v -> made.complete(action.get()));
        return made.get(5, TimeUnit.SECONDS);
    }

    /** Where and with what a future completed. */
    private record Completion(Thread thread, Context context, RecordMetadata metadata, Throwable failure) {
    }

    private static CompletableFuture<Completion> observe(Future<RecordMetadata> future) {
        CompletableFuture<Completion> seen = new CompletableFuture<>();
        future.onComplete(ar -> seen.complete(new Completion(Thread.currentThread(), Vertx.currentContext(),
                ar.result(), ar.cause())));
        return seen;
    }

    @Test
    void completesOnTheCallersEventLoopOnlyOnceTheBrokerAcknowledged() throws Exception {
        Context context = vertx.getOrCreateContext();
        Future<RecordMetadata> sent = onEventLoop(context, () -> sender.send(record("con_a")));
        CompletableFuture<Completion> seen = observe(sent);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);

        Thread.sleep(50);
        assertThat(sent.isComplete()).as("no answer before the acknowledgement").isFalse();

        assertThat(producer.completeNext()).isTrue();
        Completion completion = seen.get(5, TimeUnit.SECONDS);
        assertThat(completion.failure()).isNull();
        assertThat(completion.metadata().topic()).isEqualTo("hookgate.inbound");
        assertThat(completion.context()).isSameAs(context);
        assertThat(completion.thread().getName()).startsWith("vert.x-eventloop-thread");
    }

    @Test
    void failsWithTheBrokersRefusalOnTheCallersEventLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Completion> seen = observe(onEventLoop(context, () -> sender.send(record("con_a"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);

        producer.errorNext(new NotEnoughReplicasException("only one in-sync replica"));

        Completion completion = seen.get(5, TimeUnit.SECONDS);
        assertThat(completion.failure()).isInstanceOf(NotEnoughReplicasException.class);
        assertThat(completion.context()).isSameAs(context);
    }

    @Test
    void aSendTheProducerRefusesAtOnceFailsItsFutureAndTheNextSendStillGoesOut() throws Exception {
        producer.refuseNext(new KafkaException("record too large"));
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Completion> refused = observe(onEventLoop(context, () -> sender.send(record("con_a"))));
        CompletableFuture<Completion> next = observe(onEventLoop(context, () -> sender.send(record("con_b"))));

        assertThat(refused.get(5, TimeUnit.SECONDS).failure()).hasMessage("record too large");
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        producer.completeNext();
        assertThat(next.get(5, TimeUnit.SECONDS).metadata()).isNotNull();
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("con_b");
    }

    @Test
    void neverCallsTheProducerOnAnEventLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        for (int i = 0; i < 100; i++) {
            String key = "con_" + i;
            onEventLoop(context, () -> sender.send(record(key)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 100);

        assertThat(producer.sendingThreads).containsExactly(SENDER_THREAD);
    }

    @Test
    void sendsEachEventLoopsRecordsInTheOrderOfItsCalls() throws Exception {
        Context first = vertx.getOrCreateContext();
        Context second = vertx.getOrCreateContext();
        List<String> calledOnFirst = new ArrayList<>();
        List<String> calledOnSecond = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String key = "con_" + i;
            (i % 2 == 0 ? calledOnFirst : calledOnSecond).add(key);
            onEventLoop(i % 2 == 0 ? first : second, () -> sender.send(record(key)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 500);

        List<String> sent = producer.history().stream().map(ProducerRecord::key).toList();
        assertThat(sent.stream().filter(calledOnFirst::contains).toList()).containsExactlyElementsOf(calledOnFirst);
        assertThat(sent.stream().filter(calledOnSecond::contains).toList()).containsExactlyElementsOf(calledOnSecond);
    }

    /** The sender thread is woken once per event-loop turn, not once per record: the turn's records go over when it ends. */
    @Test
    void handsAnEventLoopTurnsRecordsOverTogetherWhenTheTurnEnds() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<Integer> seenDuringTheTurn = onEventLoop(context, () -> {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sender.send(record("con_" + i));
                sleep(30); // time enough for a sender thread woken per record to have sent it
                seen.add(producer.history().size());
            }
            return seen;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 3);

        assertThat(seenDuringTheTurn).containsExactly(0, 0, 0);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("con_0", "con_1", "con_2");
    }

    /** Off an event loop (a worker, a virtual thread) there is no turn to wait for: the record goes at once. */
    @Test
    void handsARecordSentOffTheEventLoopOverAtOnce() throws Exception {
        Context context = vertx.getOrCreateContext();
        java.util.concurrent.CountDownLatch workerDone = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Boolean> sentWhileTheLoopWasBusy = new CompletableFuture<>();
        context.runOnContext(v -> {
            vertx.executeBlocking(() -> {
                sender.send(record("con_worker"));
                try {
                    await().atMost(Duration.ofSeconds(2)).until(() -> producer.history().size() == 1);
                    return true;
                } finally {
                    workerDone.countDown();
                }
            }).onComplete(ar -> sentWhileTheLoopWasBusy.complete(ar.succeeded()));
            // This event loop stays busy until the worker is done: a hand-over left to its turn could not happen.
            try {
                workerDone.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(sentWhileTheLoopWasBusy.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once every turn the context's event loop began before this call has ended (its hand-over included). */
    private void turnsEnded(Context context) throws Exception {
        onEventLoop(context, () -> null);
    }

    /**
     * A timeout on the sender's future (InboundPublisher's) is a timer of the caller's event loop, not of Netty's
     * global executor: that one thread would otherwise schedule and cancel a task for every request.
     */
    @Test
    void aTimeoutOnItsFutureFiresOnTheCallersEventLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Completion> seen = observe(onEventLoop(context,
                () -> sender.send(record("con_a")).timeout(50, TimeUnit.MILLISECONDS)));

        Completion completion = seen.get(5, TimeUnit.SECONDS);
        assertThat(completion.failure()).isInstanceOf(TimeoutException.class);
        assertThat(completion.context()).isSameAs(context);
        assertThat(completion.thread().getName()).startsWith("vert.x-eventloop-thread");
    }

    @Test
    void closeSendsWhatWasQueuedClosesTheProducerAndRefusesLaterSends() throws Exception {
        MockProducer<String, byte[]> autoAcknowledging = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        KafkaSender closing = new KafkaSender(autoAcknowledging, "closing-sender");
        Context context = vertx.getOrCreateContext();
        List<CompletableFuture<Completion>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "con_" + i;
            queued.add(observe(onEventLoop(context, () -> closing.send(record(key)))));
        }
        turnsEnded(context);

        closing.close(Duration.ofSeconds(5));

        assertThat(autoAcknowledging.history()).hasSize(50);
        assertThat(autoAcknowledging.closed()).isTrue();
        for (CompletableFuture<Completion> each : queued) {
            assertThat(each.get(5, TimeUnit.SECONDS).failure()).isNull();
        }
        Completion late = observe(onEventLoop(context, () -> closing.send(record("con_late")))).get(5, TimeUnit.SECONDS);
        assertThat(late.failure()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(autoAcknowledging.history()).hasSize(50);
    }

    /**
     * A broker that never answers: the producer's send waits for metadata until the producer is closed. Close gives
     * up on the wait after its timeout, fails what is queued, and the sender thread still ends.
     */
    @Test
    void closeWhileASendWaitsForTheBrokerFailsEverythingAndEndsTheSenderThread() throws Exception {
        java.util.concurrent.CountDownLatch producerClosed = new java.util.concurrent.CountDownLatch(1);
        MockProducer<String, byte[]> waiting = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                try {
                    producerClosed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new KafkaException("Producer closed while send in progress");
            }

            @Override
            public void close(Duration timeout) {
                producerClosed.countDown();
                super.close(timeout);
            }
        };
        KafkaSender closing = new KafkaSender(waiting, "waiting-sender");
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Completion> inSend = observe(onEventLoop(context, () -> closing.send(record("con_a"))));
        turnsEnded(context);
        CompletableFuture<Completion> queued = observe(onEventLoop(context, () -> closing.send(record("con_b"))));
        turnsEnded(context);

        closing.close(Duration.ofMillis(200));

        assertThat(inSend.get(5, TimeUnit.SECONDS).failure()).isInstanceOf(KafkaException.class);
        assertThat(queued.get(5, TimeUnit.SECONDS).failure()).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("waiting-sender")));
    }

    /** A MockProducer that remembers which threads called send and can refuse one send at once. */
    private static final class ThreadRecordingProducer extends MockProducer<String, byte[]> {
        final Set<String> sendingThreads = ConcurrentHashMap.newKeySet();
        private volatile RuntimeException refuseNext;

        ThreadRecordingProducer() {
            super(false, null, new StringSerializer(), new ByteArraySerializer());
        }

        void refuseNext(RuntimeException refusal) {
            this.refuseNext = refusal;
        }

        @Override
        public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record,
                                                                            Callback callback) {
            sendingThreads.add(Thread.currentThread().getName());
            RuntimeException refusal = refuseNext;
            if (refusal != null) {
                refuseNext = null;
                throw refusal;
            }
            return super.send(record, callback);
        }
    }
}
