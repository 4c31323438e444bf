package io.hookgate.deploy.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** A local HTTP endpoint that records what it receives and answers what the test tells it to. */
public final class Sink implements AutoCloseable {
    /** One request as received: headers (lower-case names, first values) and body. */
    public record Received(String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<int[]>> scripted = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger status = new AtomicInteger(200);

    public Sink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            received.add(new Received(exchange.getRequestURI().getPath(), headers, new String(body, StandardCharsets.UTF_8)));
            ConcurrentLinkedQueue<int[]> queue = scripted.get(exchange.getRequestURI().getPath());
            int[] next = queue == null ? null : queue.poll();
            int code = next != null ? next[0] : status.get();
            if (next != null && next.length > 1) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
            }
            if (code >= 300 && code < 400) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
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

    private ConcurrentLinkedQueue<int[]> queue(String path) {
        return scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
