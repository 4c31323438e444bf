package io.hookgate.model.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescerTest {
    /** A batch function whose batches the test sees and answers by hand. */
    private static final class Batches {
        final List<List<String>> sent = new CopyOnWriteArrayList<>();
        final List<Promise<List<String>>> answers = new CopyOnWriteArrayList<>();

        Future<List<String>> run(List<String> batch) {
            sent.add(batch);
            Promise<List<String>> answer = Promise.promise();
            answers.add(answer);
            return answer.future();
        }

        void answer(int batch) {
            answers.get(batch).complete(sent.get(batch).stream().map(String::toUpperCase).toList());
        }
    }

    @Test
    void aLoneSubmitIsSentAtOnce() {
        Batches batches = new Batches();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batches::run);

        Future<String> a = coalescer.submit("a");

        assertThat(batches.sent).containsExactly(List.of("a"));
        batches.answer(0);
        assertThat(a.result()).isEqualTo("A");
    }

    @Test
    void submitsWhileABatchIsInFlightGoTogetherAsTheNextBatchEachGettingItsOwnAnswer() {
        Batches batches = new Batches();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batches::run);

        Future<String> a = coalescer.submit("a");
        Future<String> b = coalescer.submit("b");
        Future<String> c = coalescer.submit("c");
        Future<String> d = coalescer.submit("d");
        assertThat(batches.sent).containsExactly(List.of("a"));

        batches.answer(0);
        assertThat(batches.sent).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(b.isComplete()).isFalse();

        batches.answer(1);
        assertThat(List.of(a.result(), b.result(), c.result(), d.result())).containsExactly("A", "B", "C", "D");
    }

    @Test
    void aBatchNeverHoldsMoreThanMaxBatch() {
        Batches batches = new Batches();
        Coalescer<String, String> coalescer = new Coalescer<>(2, 1, batches::run);

        for (String s : List.of("a", "b", "c", "d", "e", "f")) {
            coalescer.submit(s);
        }
        for (int i = 0; i < 4; i++) {
            batches.answer(i);
        }

        assertThat(batches.sent).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"), List.of("f"));
    }

    @Test
    void upToMaxInFlightBatchesRunAtOnceAndWhatComesMeanwhileWaitsForTheFirstToEnd() {
        Batches batches = new Batches();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 2, batches::run);

        Future<String> a = coalescer.submit("a");
        coalescer.submit("b");
        coalescer.submit("c");
        coalescer.submit("d");
        assertThat(batches.sent).containsExactly(List.of("a"), List.of("b"));

        batches.answer(1);
        assertThat(batches.sent).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
        assertThat(a.isComplete()).isFalse();
        batches.answer(0);
        batches.answer(2);
        assertThat(a.result()).isEqualTo("A");
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new Coalescer<String, String>(0, 1, batch -> Future.succeededFuture(batch)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Coalescer<String, String>(1, 0, batch -> Future.succeededFuture(batch)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheQueueGoesOn() {
        Batches batches = new Batches();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batches::run);
        coalescer.submit("a");
        Future<String> b = coalescer.submit("b");
        Future<String> c = coalescer.submit("c");
        batches.answer(0);
        Future<String> d = coalescer.submit("d");

        batches.answers.get(1).fail(new IllegalStateException("database away"));

        assertThat(b.cause()).hasMessage("database away");
        assertThat(c.cause()).hasMessage("database away");
        assertThat(batches.sent.get(2)).containsExactly("d");
        batches.answer(2);
        assertThat(d.result()).isEqualTo("D");
    }

    @Test
    void aBatchFunctionThatThrowsFailsItsCallersWithoutWedgingTheQueue() {
        List<List<String>> seen = new ArrayList<>();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batch -> {
            seen.add(batch);
            if (batch.contains("bad")) {
                throw new IllegalArgumentException("unbindable");
            }
            return Future.succeededFuture(batch);
        });

        Future<String> bad = coalescer.submit("bad");
        Future<String> good = coalescer.submit("good");

        assertThat(bad.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(good.result()).isEqualTo("good");
        assertThat(seen).containsExactly(List.of("bad"), List.of("good"));
    }

    @Test
    void aBatchAnsweringTheWrongNumberOfItemsFailsItsCallersRatherThanMisanswering() {
        Promise<Void> hold = Promise.promise();
        Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batch -> hold.future().map(v -> List.of("x")));
        Future<String> first = coalescer.submit("first");
        Future<String> second = coalescer.submit("second");
        Future<String> third = coalescer.submit("third");
        hold.complete();

        assertThat(first.result()).isEqualTo("x");
        assertThat(second.cause()).hasMessageContaining("answered 1 of 2");
        assertThat(third.cause()).hasMessageContaining("answered 1 of 2");
    }

    @Test
    void everyCallerIsAnsweredOnItsOwnContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context first = contextOf(vertx);
            Context second = contextOf(vertx);
            assertThat(first).isNotSameAs(second);
            Batches batches = new Batches();
            Coalescer<String, String> coalescer = new Coalescer<>(10, 1, batches::run);
            CompletableFuture<Context> firstAnsweredOn = new CompletableFuture<>();
            CompletableFuture<Context> secondAnsweredOn = new CompletableFuture<>();
            // one after the other, so that "y" is queued behind the batch in flight and the batches are [x] then [y]
            CountDownLatch firstSubmitted = new CountDownLatch(1);
            first.runOnContext(v -> {
                coalescer.submit("x").onComplete(ar -> firstAnsweredOn.complete(Vertx.currentContext()));
                firstSubmitted.countDown();
            });
            assertThat(firstSubmitted.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch secondSubmitted = new CountDownLatch(1);
            second.runOnContext(v -> {
                coalescer.submit("y").onComplete(ar -> secondAnsweredOn.complete(Vertx.currentContext()));
                secondSubmitted.countDown();
            });
            assertThat(secondSubmitted.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(batches.sent).containsExactly(List.of("x"));

            batches.answer(0); // from the test's thread, which has no context: the next batch is sent from here too
            batches.answer(1);

            assertThat(firstAnsweredOn.get(5, TimeUnit.SECONDS)).isSameAs(first);
            assertThat(secondAnsweredOn.get(5, TimeUnit.SECONDS)).isSameAs(second);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Context contextOf(Vertx vertx) throws Exception {
        CompletableFuture<Context> started = new CompletableFuture<>();
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                started.complete(context);
                return Future.succeededFuture();
            }
        }).await(10, TimeUnit.SECONDS);
        return started.get();
    }
}
