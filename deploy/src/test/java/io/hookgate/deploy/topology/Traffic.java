package io.hookgate.deploy.topology;

import io.hookgate.deploy.support.Http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhooks round robin over the gateways and, independently, over the connections, from a few senders at
 * once, each with its own {@code x-request-id}. Bounded by a count; {@link #close()} stops it early.
 */
public final class Traffic implements AutoCloseable {
    /** An answer that was not 202 ({@code status} -1: no answer, {@code detail} says why). */
    public record Failure(String requestId, int port, int status, String detail) {
        @Override
        public String toString() {
            return requestId + " via " + port + ": " + (status < 0 ? "" : status + " ") + detail;
        }
    }

    private final List<Integer> gateways;
    private final List<String> connections;
    private final String prefix;
    private final int limit;
    private final Duration pause;
    private final AtomicInteger next = new AtomicInteger();
    private final Queue<String> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> acceptedByGateway = new ConcurrentHashMap<>();
    private final ExecutorService senders;
    private volatile boolean running = true;

    private Traffic(List<Integer> gateways, List<String> connections, String prefix, int limit, int senders, Duration pause) {
        this.gateways = List.copyOf(gateways);
        this.connections = List.copyOf(connections);
        this.prefix = prefix;
        this.limit = limit;
        this.pause = pause;
        this.senders = Executors.newFixedThreadPool(senders);
        for (int i = 0; i < senders; i++) {
            this.senders.execute(this::send);
        }
    }

    /** Starts sending up to {@code limit} webhooks from {@code senders} threads. */
    public static Traffic start(List<Integer> gateways, List<String> connections, String prefix, int limit, int senders) {
        return new Traffic(gateways, connections, prefix, limit, senders, Duration.ZERO);
    }

    /** Steady load: each of {@code senders} threads waits {@code pause} after every answer, until {@link #finish}. */
    public static Traffic steady(List<Integer> gateways, List<String> connections, String prefix, int senders, Duration pause) {
        return new Traffic(gateways, connections, prefix, Integer.MAX_VALUE, senders, pause);
    }

    private void send() {
        int i;
        while (running && (i = next.getAndIncrement()) < limit) {
            int port = gateways.get(i % gateways.size());
            String connectionId = connections.get(i / gateways.size() % connections.size());
            String requestId = prefix + i;
            try {
                Http.Reply reply = Http.webhook(port, connectionId).header("x-request-id", requestId)
                        .body("{\"n\":" + i + "}").send();
                if (reply.status() == 202) {
                    accepted.add(requestId);
                    acceptedByGateway.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
                } else {
                    failures.add(new Failure(requestId, port, reply.status(), reply.body()));
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(requestId, port, -1, e.toString()));
            }
            if (pause.isPositive()) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public int acceptedCount() {
        return accepted.size();
    }

    /** Stops sending (webhooks in flight finish) and returns the request ids that got 202. */
    public List<String> finish(Duration timeout) {
        running = false;
        return drain(timeout);
    }

    /** Lets the traffic run to its limit and returns the request ids that got 202. */
    public List<String> complete(Duration timeout) {
        return drain(timeout);
    }

    private List<String> drain(Duration timeout) {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Senders still busy after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(accepted);
    }

    /** Every answer that was not 202, or failed to arrive. */
    public List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** 202s per gateway port. */
    public Map<Integer, Integer> acceptedByGateway() {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        acceptedByGateway.forEach((port, n) -> out.put(port, n.get()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        senders.shutdownNow();
    }
}
