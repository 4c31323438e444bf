package io.hookgate.deploy.faults;

import io.hookgate.deploy.support.Http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single webhooks the suite sends itself, besides the steady traffic: to see what a gateway answers during an
 * outage and how long it takes, and when service is back. Every 202 joins {@link #accepted()}: a probe that
 * was acknowledged is held to the same promise as the traffic.
 */
final class Probe {
    /** One answer: {@code status} -1 when none came (refused, reset, timed out). */
    record Answer(int port, String requestId, int status, long millis, String detail) {
    }

    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final List<String> connections;
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();
    private final Queue<String> accepted = new ConcurrentLinkedQueue<>();

    Probe(List<String> connections, String prefix) {
        this.connections = List.copyOf(connections);
        this.prefix = prefix;
    }

    Answer send(int port) {
        int n = next.getAndIncrement();
        return send(port, connections.get(n % connections.size()), prefix + n);
    }

    private Answer send(int port, String connectionId, String requestId) {
        long started = System.nanoTime();
        try {
            Http.Reply reply = Http.webhook(port, connectionId).header("x-request-id", requestId).body("{\"probe\":true}").send();
            if (reply.status() == 202) {
                accepted.add(requestId);
            }
            return new Answer(port, requestId, reply.status(), millisSince(started), reply.body());
        } catch (RuntimeException e) {
            return new Answer(port, requestId, -1, millisSince(started), e.toString());
        }
    }

    /** Sends to each port until it answers 202; returns how long the slowest took. Fails after {@code timeout}. */
    Duration awaitAccepted(List<Integer> ports, Duration timeout) {
        long started = System.nanoTime();
        for (int port : ports) {
            Answer last;
            while ((last = send(port)).status() != 202) {
                if (System.nanoTime() - started > timeout.toNanos()) {
                    throw new IllegalStateException("Gateway " + port + " gave no 202 within " + timeout + "; last answer " + last);
                }
                Pause.of(RETRY_PAUSE);
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** One acknowledged webhook per connection (the suite's connections cover every partition), retrying until each is. */
    List<String> acceptedOnEveryConnection(int port, Duration timeout) {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (String connectionId : connections) {
            Answer last;
            while ((last = send(port, connectionId, prefix + next.getAndIncrement())).status() != 202) {
                if (System.nanoTime() - started > timeout.toNanos()) {
                    throw new IllegalStateException("No 202 for " + connectionId + " within " + timeout + "; last answer " + last);
                }
                Pause.of(RETRY_PAUSE);
            }
            ids.add(last.requestId());
        }
        return ids;
    }

    List<String> accepted() {
        return new ArrayList<>(accepted);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
