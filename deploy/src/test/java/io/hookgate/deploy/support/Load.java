package io.hookgate.deploy.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Webhook traffic for latency tests, from a Vert.x instance of its own with its own connection pool:
 * {@link #openLoop} sends at a fixed rate and measures each request from its <em>intended</em> send time (a
 * stalled server cannot hide its stalls), {@link #flood} keeps a number of requests always in flight.
 */
public final class Load implements AutoCloseable {
    private static final Buffer BODY = Buffer.buffer("{\"event\":\"load\",\"pad\":\"" + "x".repeat(200) + "\"}");
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final int port;

    public Load(int port, int poolSize) {
        this.port = port;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1));
    }

    /** What an open-loop run saw: latencies (ms, sorted) of the 2xx answers and the count of every status. */
    public record Run(double[] latenciesMs, Map<Integer, Integer> statuses) {
        public double percentile(double p) {
            if (latenciesMs.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMs.length) - 1;
            return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, index))];
        }

        public int count(int status) {
            return statuses.getOrDefault(status, 0);
        }
    }

    /** {@code perSecond} requests a second for {@code seconds}, on a fixed schedule; waits for the last answer. */
    public Run openLoop(String connectionId, int perSecond, double seconds) throws InterruptedException {
        int total = (int) Math.round(perSecond * seconds);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(total);
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(total, (System.nanoTime() - start) / periodNanos + 1);
            while (sent.get() < due) {
                long intended = start + sent.getAndIncrement() * periodNanos;
                post(connectionId).onComplete(ar -> {
                    int status = ar.succeeded() ? ar.result() : -1;
                    statuses.merge(status, 1, Integer::sum);
                    if (status >= 200 && status < 300) {
                        latencies.add(System.nanoTime() - intended);
                    }
                    answered.countDown();
                });
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        if (!answered.await((long) seconds + 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("open-loop requests still unanswered after " + ((long) seconds + 30) + " s");
        }
        double[] ms = latencies.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        return new Run(ms, Map.copyOf(statuses));
    }

    /** Keeps {@code concurrency} requests in flight until the returned flood is stopped. */
    public Flood flood(String connectionId, int concurrency) {
        Flood flood = new Flood(concurrency);
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> loop(connectionId, flood));
        }
        return flood;
    }

    private void loop(String connectionId, Flood flood) {
        if (!flood.running.get()) {
            flood.finished.countDown();
            return;
        }
        post(connectionId).onComplete(ar -> {
            flood.statuses.computeIfAbsent(ar.succeeded() ? ar.result() : -1, s -> new LongAdder()).increment();
            loop(connectionId, flood);
        });
    }

    /** Requests kept in flight by {@link #flood}; {@link #stop()} waits for the last of them. */
    public static final class Flood {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CountDownLatch finished;
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        private Flood(int concurrency) {
            this.finished = new CountDownLatch(concurrency);
        }

        public Map<Integer, Long> stop() throws InterruptedException {
            running.set(false);
            if (!finished.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("flood requests still unanswered after 30 s");
            }
            Map<Integer, Long> out = new java.util.TreeMap<>();
            statuses.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    private Future<Integer> post(String connectionId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/webhooks/in/" + connectionId).putHeader("content-type", "application/json");
        return client.request(options).compose(req -> req.send(BODY))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
