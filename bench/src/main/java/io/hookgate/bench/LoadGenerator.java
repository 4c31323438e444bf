package io.hookgate.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator, run in its own JVM so that it does not share a heap or JIT with the server. Closed
 * loop ({@code concurrency} requests always in flight: the maximum) or open loop ({@code rate} requests/s
 * on a fixed schedule; latency is measured from each request's <em>intended</em> send time, so a stalled
 * server cannot hide its stalls — no coordinated omission). Prints one JSON line with the result.
 *
 * <p>Argument: a file holding one JSON object {@code {urls:[…], headers:{…}, bodyBytes, mode:"closed"|"open", concurrency,
 * rate, warmupSeconds, seconds, idempotencyKeys, sign}}; {@code sign} is optional (see {@link Signer}).
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        JsonObject spec = new JsonObject(Files.readString(Path.of(args[0])));
        JsonObject result = run(spec);
        System.out.println(result.encode());
        System.exit(0);
    }

    static JsonObject run(JsonObject spec) throws InterruptedException {
        List<URI> urls = spec.getJsonArray("urls").stream().map(u -> URI.create((String) u)).toList();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        spec.getJsonObject("headers", new JsonObject()).forEach(e -> headers.add(e.getKey(), String.valueOf(e.getValue())));
        headers.add("content-type", "application/json");
        Buffer body = Bodies.json(spec.getInteger("bodyBytes", 1024));
        boolean idempotency = spec.getBoolean("idempotencyKeys", false);
        Signer signer = Signer.of(spec.getJsonObject("sign"));
        int connections = spec.getInteger("poolSize", 64);
        Vertx vertx = Vertx.vertx();
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong okTotal = new AtomicLong(); // warm-up and late answers included: proof the target works at all
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>(); // why requests failed, warm-up included
        long warmupNanos = TimeUnit.SECONDS.toNanos(spec.getInteger("warmupSeconds", 3));
        long measureNanos = TimeUnit.SECONDS.toNanos(spec.getInteger("seconds", 10));
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        CountDownLatch done = new CountDownLatch(1);

        Sender sender = (intendedNanos) -> {
            long n = sequence.getAndIncrement();
            URI url = urls.get((int) (n % urls.size()));
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
                    .setPort(url.getPort()).setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                    .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers));
            if (idempotency) {
                options.addHeader("x-idempotency-key", "bench-" + start + "-" + n);
            }
            signer.sign(body, n, options.getHeaders());
            return client.request(options).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .andThen(ar -> {
                        long now = System.nanoTime();
                        if (ar.succeeded() && ar.result() < 300) {
                            okTotal.incrementAndGet();
                        }
                        if (ar.failed() || ar.result() >= 300) {
                            failures.computeIfAbsent(ar.failed() ? ar.cause().getClass().getSimpleName() : "HTTP " + ar.result(),
                                    k -> new AtomicLong()).incrementAndGet();
                        }
                        if (intendedNanos >= measureFrom && now <= end) {
                            if (ar.succeeded() && ar.result() < 300) {
                                ok.incrementAndGet();
                                latency.recordValue(Math.max(0, now - intendedNanos));
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    });
        };

        String mode = spec.getString("mode", "closed");
        if (mode.equals("closed")) {
            int concurrency = spec.getInteger("concurrency", 64);
            AtomicLong active = new AtomicLong(concurrency);
            for (int i = 0; i < concurrency; i++) {
                vertx.runOnContext(v -> loop(sender, end, active, done));
            }
        } else {
            double rate = spec.getDouble("rate");
            double perNano = rate / 1e9;
            long[] sent = {0};
            vertx.setPeriodic(1, t -> {
                long now = System.nanoTime();
                if (now > end) {
                    vertx.cancelTimer(t);
                    vertx.setTimer(2000, x -> done.countDown());
                    return;
                }
                long due = (long) ((now - start) * perNano);
                while (sent[0] < due) {
                    long intended = start + (long) (sent[0] / perNano);
                    sender.send(intended);
                    sent[0]++;
                }
            });
        }
        done.await(spec.getInteger("warmupSeconds", 3) + spec.getInteger("seconds", 10) + 60L, TimeUnit.SECONDS);
        double seconds = measureNanos / 1e9;
        JsonObject result = new JsonObject()
                .put("mode", mode)
                .put("ok", ok.get())
                .put("okTotal", okTotal.get())
                .put("failed", failed.get())
                .put("throughputPerSecond", Math.round(ok.get() / seconds))
                .put("p50Ms", ms(latency.getValueAtPercentile(50)))
                .put("p90Ms", ms(latency.getValueAtPercentile(90)))
                .put("p99Ms", ms(latency.getValueAtPercentile(99)))
                .put("p999Ms", ms(latency.getValueAtPercentile(99.9)))
                .put("maxMs", ms(latency.getMaxValue()))
                .put("urls", new JsonArray().add(urls.size()))
                .put("failures", failureCounts(failures));
        client.close();
        vertx.close();
        return result;
    }

    private static void loop(Sender sender, long end, AtomicLong active, CountDownLatch done) {
        if (System.nanoTime() > end) {
            if (active.decrementAndGet() == 0) {
                done.countDown();
            }
            return;
        }
        sender.send(System.nanoTime()).onComplete(ar -> loop(sender, end, active, done));
    }

    private static JsonObject failureCounts(Map<String, AtomicLong> failures) {
        JsonObject counts = new JsonObject();
        failures.forEach((reason, n) -> counts.put(reason, n.get()));
        return counts;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    @FunctionalInterface
    interface Sender {
        Future<Integer> send(long intendedNanos);
    }
}
