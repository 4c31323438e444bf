package io.hookgate.model.concurrent;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Sends what callers submit while batches are in flight as the next batch: one database statement (one round
 * trip, one commit) for everyone who came meanwhile, instead of one each. A caller who finds fewer than
 * {@code maxInFlight} batches in flight is sent at once, so a lone request waits no longer than before; under
 * load a batch grows to what arrived during a round trip, up to {@code maxBatch}. More than one batch in flight
 * keeps one slow statement (a row lock, a long purge) from holding up everyone else. Callable from any thread;
 * each caller is answered on its own context ({@link CallerContext}).
 *
 * @param <I> what a caller submits
 * @param <O> its answer; the batch function answers its items in order, one answer each
 */
public final class Coalescer<I, O> {
    private final Function<List<I>, Future<List<O>>> batch;
    private final int maxBatch;
    private final int maxInFlight;
    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public Coalescer(int maxBatch, int maxInFlight, Function<List<I>, Future<List<O>>> batch) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxBatch and maxInFlight must be at least 1, were " + maxBatch + " and " + maxInFlight);
        }
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    public Future<O> submit(I item) {
        Pending<I, O> pending = new Pending<>(item, Promise.promise());
        queue.add(pending);
        sendNext();
        return CallerContext.of(pending.answer().future());
    }

    private void sendNext() {
        int running;
        do {
            running = inFlight.get();
            if (running >= maxInFlight) {
                return; // a batch in flight sends the queue when it ends
            }
        } while (!inFlight.compareAndSet(running, running + 1));
        List<Pending<I, O>> taken = new ArrayList<>();
        for (Pending<I, O> p; taken.size() < maxBatch && (p = queue.poll()) != null; ) {
            taken.add(p);
        }
        if (taken.isEmpty()) {
            inFlight.decrementAndGet();
            if (!queue.isEmpty()) {
                sendNext(); // a submit raced between our poll and the release
            }
            return;
        }
        Future<List<O>> answers;
        try {
            answers = batch.apply(taken.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            answers = Future.failedFuture(e);
        }
        answers.onComplete(ar -> {
            inFlight.decrementAndGet();
            sendNext();
            if (ar.failed()) {
                taken.forEach(p -> p.answer().fail(ar.cause()));
            } else if (ar.result().size() != taken.size()) {
                IllegalStateException wrong = new IllegalStateException(
                        "batch answered " + ar.result().size() + " of " + taken.size() + " items");
                taken.forEach(p -> p.answer().fail(wrong));
            } else {
                for (int i = 0; i < taken.size(); i++) {
                    taken.get(i).answer().complete(ar.result().get(i));
                }
            }
        });
    }

    private record Pending<I, O>(I item, Promise<O> answer) {
    }
}
