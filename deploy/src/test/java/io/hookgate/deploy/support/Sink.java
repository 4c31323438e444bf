package io.hookgate.deploy.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP endpoint that records what it receives and answers what the test tells it to: scripted statuses
 * per path, a delay per path, or a first failure per {@code webhook-id}. It serves requests concurrently and
 * records, per {@code webhook-id}, the successful answers it gave and how many requests were ever in flight at once.
 */
public final class Sink implements AutoCloseable {
    /** One request as received: headers (lower-case names, first values) and body. */
    public record Received(String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<int[]>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> failFirst = ConcurrentHashMap.newKeySet();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlightByPath = new ConcurrentHashMap<>();
    private final AtomicInteger status = new AtomicInteger(200);

    public Sink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
        received.add(new Received(path, headers, new String(body, StandardCharsets.UTF_8)));
        String id = headers.get("webhook-id");
        AtomicInteger running = id == null ? new AtomicInteger() : inFlight.computeIfAbsent(id, k -> new AtomicInteger());
        int now = running.incrementAndGet();
        if (id != null) {
            maxInFlight.merge(id, now, Math::max);
        }
        AtomicInteger onPath = inFlightByPath.computeIfAbsent(path, k -> new AtomicInteger());
        maxInFlightByPath.merge(path, onPath.incrementAndGet(), Math::max);
        try {
            Duration delay = delays.get(path);
            if (delay != null) {
                Thread.sleep(delay);
            }
            int code = answer(path, id, exchange);
            if (id != null && code >= 200 && code < 300) {
                successes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(code, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onPath.decrementAndGet();
            running.decrementAndGet();
            exchange.close();
        }
    }

    private int answer(String path, String webhookId, HttpExchange exchange) {
        if (failFirst.contains(path) && webhookId != null && seenIds.add(webhookId)) {
            return 503;
        }
        ConcurrentLinkedQueue<int[]> queue = scripted.get(path);
        int[] next = queue == null ? null : queue.poll();
        int code = next != null ? next[0] : status.get();
        if (next != null && next.length > 1) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
        }
        if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
        }
        return code;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers for this path, in order (then the default status). */
    public Sink then(String path, int... statuses) {
        for (int s : statuses) {
            queue(path).add(new int[]{s});
        }
        return this;
    }

    public Sink thenRetryAfter(String path, int status, int seconds) {
        queue(path).add(new int[]{status, seconds});
        return this;
    }

    /** Every request to this path waits this long before it is answered. */
    public Sink delay(String path, Duration delay) {
        delays.put(path, delay);
        return this;
    }

    /** The first request of every {@code webhook-id} to this path gets 503; later ones the usual answer. */
    public Sink failFirstAttempt(String path) {
        failFirst.add(path);
        return this;
    }

    private ConcurrentLinkedQueue<int[]> queue(String path) {
        return scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many 2xx answers each {@code webhook-id} got. */
    public Map<String, Integer> successesById() {
        Map<String, Integer> out = new LinkedHashMap<>();
        successes.forEach((id, n) -> out.put(id, n.get()));
        return out;
    }

    /** The most requests of one {@code webhook-id} that were ever being answered at the same time. */
    public int maxConcurrentPerWebhookId() {
        return maxInFlight.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The most requests to this path that were ever being answered at the same time. */
    public int maxConcurrent(String path) {
        return maxInFlightByPath.getOrDefault(path, 0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
