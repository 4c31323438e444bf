package io.hookgate.gateway.ingest;

import io.hookgate.gateway.idempotency.IdempotencyClaim;
import io.hookgate.gateway.idempotency.IdempotencyStore;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * {@code X-Idempotency-Key}, after verification (an unauthenticated request must not be able to take a
 * key): the first request with a key owns it and goes on; a repeat gets the first answer replayed; a
 * copy arriving while the first is in flight waits for its answer, up to a bound, then gets 503.
 */
final class IdempotencyHandler implements Handler<RoutingContext> {
    static final String HEADER = "x-idempotency-key";
    private static final long POLL_MS = 25;

    private final Vertx vertx;
    private final IdempotencyStore store;
    private final OutcomeResponder responder;
    private final Duration lease;
    private final Duration maxWait;

    IdempotencyHandler(Vertx vertx, IdempotencyStore store, OutcomeResponder responder, Duration lease, Duration maxWait) {
        this.vertx = vertx;
        this.store = store;
        this.responder = responder;
        this.lease = lease;
        this.maxWait = maxWait;
    }

    @Override
    public void handle(RoutingContext rc) {
        String key = rc.request().getHeader(HEADER);
        if (key == null || key.isEmpty()) {
            rc.next();
            return;
        }
        IngestExchange exchange = IngestExchange.of(rc);
        byte[] keyHash = sha256(key);
        if (exchange.eventId == null) {
            // The provider's own event id, when there is one, is the better dedup key for flows.
            exchange.eventId = "idem:" + java.util.HexFormat.of().formatHex(keyHash);
        }
        attempt(rc, exchange, keyHash, System.nanoTime() + maxWait.toNanos());
    }

    private void attempt(RoutingContext rc, IngestExchange exchange, byte[] keyHash, long deadline) {
        store.claim(exchange.connectionId, keyHash, exchange.recordId, lease).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "idempotency_store_unavailable"));
                return;
            }
            switch (ar.result()) {
                case IdempotencyStore.Owned owned -> {
                    exchange.idempotency = new IdempotencyClaim(store, exchange.connectionId, keyHash, exchange.recordId);
                    rc.next();
                }
                case IdempotencyStore.Answered answered ->
                        responder.replay(rc, exchange.requestId, answered.status(), answered.body());
                case IdempotencyStore.InFlight inFlight -> {
                    if (System.nanoTime() > deadline) {
                        rc.fail(Rejection.of(Outcome.UNAVAILABLE, "idempotency_key_in_flight"));
                    } else {
                        vertx.setTimer(POLL_MS, t -> attempt(rc, exchange, keyHash, deadline));
                    }
                }
            }
        });
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
