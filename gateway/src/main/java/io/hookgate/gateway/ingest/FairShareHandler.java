package io.hookgate.gateway.ingest;

import io.hookgate.gateway.limits.ConnectionConcurrency;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Fair scheduling between connections (issue 9): the request waits for one of its own connection's places in
 * the pipeline (verification, idempotency, lookups, the publish) and holds it until its answer is sent or its
 * connection closes; after the wait limit it is answered 503 UNAVAILABLE. See {@link ConnectionConcurrency}.
 * It comes after the body is read, so that a sender trickling bodies holds TCP connections (bounded by their
 * own limit) and request timeouts, never its connection's places.
 */
final class FairShareHandler implements Handler<RoutingContext> {
    private final ConnectionConcurrency concurrency;
    private final GatewayMetrics metrics;

    FairShareHandler(ConnectionConcurrency concurrency, GatewayMetrics metrics) {
        this.concurrency = concurrency;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext rc) {
        ConnectionConcurrency.Ticket ticket = concurrency.enter(IngestExchange.of(rc).connectionId);
        // Fired on the answer's end, a failed write and a closed connection alike: a place is never kept.
        rc.addEndHandler(v -> ticket.close());
        ticket.granted().onComplete(ar -> {
            if (ar.succeeded()) {
                rc.next();
            } else {
                metrics.shed("connection_concurrency");
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "connection_concurrency"));
            }
        });
    }
}
