package io.hookgate.gateway.limits;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Fair scheduling between connections. Every connection's requests share one pipeline (verification, lookups,
 * the publish and the broker's queue), so what one connection has in it, every other connection's request waits
 * behind. While more than one connection is sending (another connection entered within {@code sharingWindow}),
 * each may have at most {@code perConnection} requests in it; a request beyond its connection's places waits —
 * a queue entry, no CPU — until one of them frees, in arrival order, and after {@code maxWait} it gives up. A connection sending alone may use up to {@code alone} places. So a flooding
 * connection queues behind itself, never ahead of a quiet one, and its closed-loop senders wait instead of
 * spinning. Shared by every ingest event loop; a connection with nothing in the pipeline takes no memory.
 * Thread-safe.
 */
public final class ConnectionConcurrency {
    private final Vertx vertx;
    private final int perConnection;
    private final int alone;
    private final long maxWaitMs;
    private final long sharingWindowNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Places> places = new ConcurrentHashMap<>();
    /** The connection that entered last, when, and until when the pipeline counts as shared. Races are harmless. */
    private volatile String lastEntered;
    private volatile long lastEnteredAt;
    private volatile long sharedUntil;

    public ConnectionConcurrency(Vertx vertx, int perConnection, int alone, Duration maxWait, Duration sharingWindow,
                                 LongSupplier nanoClock) {
        if (perConnection < 1 || alone < perConnection) {
            throw new IllegalArgumentException("need 1 <= perConnection <= alone, was " + perConnection + ", " + alone);
        }
        this.vertx = vertx;
        this.perConnection = perConnection;
        this.alone = alone;
        this.maxWaitMs = Math.max(1, maxWait.toMillis());
        this.sharingWindowNanos = sharingWindow.toNanos();
        this.nanoClock = nanoClock;
        this.sharedUntil = nanoClock.getAsLong();
    }

    /** The places a connection may hold now: {@code perConnection} while connections share the pipeline. */
    private int limit() {
        return nanoClock.getAsLong() - sharedUntil < 0 ? perConnection : alone;
    }

    /** Another connection entered less than a window before this one: the pipeline is shared for a window. */
    private void entered(String connectionId) {
        long now = nanoClock.getAsLong();
        String previous = lastEntered;
        if (!connectionId.equals(previous)) {
            if (previous != null && now - lastEnteredAt < sharingWindowNanos) {
                sharedUntil = now + sharingWindowNanos;
            }
            lastEntered = connectionId;
        }
        lastEnteredAt = now;
    }

    /**
     * Asks for one of the connection's places, from an event loop. The ticket's {@link Ticket#granted()} completes
     * (on the caller's context) once the request holds one, or fails with {@link WaitedTooLong}; the ticket must be
     * {@link Ticket#close() closed} when the request ends, whatever happened.
     */
    public Ticket enter(String connectionId) {
        Ticket ticket = new Ticket(connectionId, Vertx.currentContext());
        entered(connectionId);
        int limit = limit();
        while (true) {
            Places p = places.computeIfAbsent(connectionId, id -> new Places());
            synchronized (p) {
                if (p.retired) {
                    continue; // emptied and removed meanwhile: take the new one
                }
                ticket.places = p;
                if (p.held < limit) {
                    p.held++;
                    ticket.state = Ticket.HOLDING;
                    ticket.promise.complete();
                } else {
                    p.waiting.add(ticket);
                    ticket.state = Ticket.WAITING;
                    ticket.timer = vertx.setTimer(maxWaitMs, id -> ticket.giveUp());
                }
                return ticket;
            }
        }
    }

    /** Requests of this connection in the pipeline now (for tests). */
    int held(String connectionId) {
        Places p = places.get(connectionId);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            return p.held;
        }
    }

    private void leave(Ticket ticket) {
        Places p = ticket.places;
        Ticket next = null;
        synchronized (p) {
            if (ticket.state == Ticket.WAITING) {
                p.waiting.remove(ticket);
                vertx.cancelTimer(ticket.timer);
            } else if (ticket.state == Ticket.HOLDING) {
                next = p.held - 1 < limit() ? p.waiting.poll() : null;
                if (next == null) {
                    p.held--;
                } else {
                    vertx.cancelTimer(next.timer);
                    next.state = Ticket.HOLDING; // the place passes on, so held stays
                }
            }
            ticket.state = Ticket.DONE;
            if (p.held == 0 && p.waiting.isEmpty() && !p.retired) {
                p.retired = true;
                places.remove(ticket.connectionId, p);
            }
        }
        if (next != null) {
            Ticket granted = next;
            runOn(granted.context, () -> granted.promise.tryComplete());
        }
    }

    private static void runOn(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** One request's claim on a place of its connection. */
    public final class Ticket implements AutoCloseable {
        private static final int WAITING = 1;
        private static final int HOLDING = 2;
        private static final int DONE = 3;
        private final String connectionId;
        private final Context context;
        private final Promise<Void> promise = Promise.promise();
        private Places places;
        private int state;
        private long timer = -1;

        private Ticket(String connectionId, Context context) {
            this.connectionId = connectionId;
            this.context = context;
        }

        public Future<Void> granted() {
            return promise.future();
        }

        private void giveUp() {
            Places p = places;
            boolean gaveUp = false;
            synchronized (p) {
                if (state == WAITING) {
                    p.waiting.remove(this);
                    state = DONE;
                    gaveUp = true;
                }
            }
            if (gaveUp) {
                promise.tryFail(new WaitedTooLong());
            }
        }

        /** Gives the place back (to the connection's next waiting request, if any), or stops waiting. Idempotent. */
        @Override
        public void close() {
            leave(this);
        }
    }

    private static final class Places {
        int held;
        final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
        boolean retired;
    }

    /** The request waited {@code maxWait} without a place of its connection freeing. */
    public static final class WaitedTooLong extends RuntimeException {
        WaitedTooLong() {
            super("waited too long for a place of its connection", null, false, false);
        }
    }
}
