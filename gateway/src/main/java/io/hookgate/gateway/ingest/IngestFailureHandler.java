package io.hookgate.gateway.ingest;

import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.publish.RejectedPublisher;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every failed ingest request ends: the rejection is offered to {@code hookgate.rejected} for
 * history (without waiting), the caller gets its outcome, and a body left unread closes the connection
 * so that its remaining bytes are never parsed as another request (after draining them, see
 * {@link LingeringClose}, so that the answer reaches a client still sending).
 */
final class IngestFailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestFailureHandler.class);
    private final OutcomeResponder responder;
    private final RejectedPublisher rejected;
    private final GatewayMetrics metrics;

    IngestFailureHandler(OutcomeResponder responder, RejectedPublisher rejected, GatewayMetrics metrics) {
        this.responder = responder;
        this.rejected = rejected;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        Rejection rejection = rc.failure() instanceof Rejection r ? r : null;
        if (rejection == null) {
            LOG.error("Unexpected failure on request {} for connection {}",
                    exchange == null ? "-" : exchange.requestId, exchange == null ? "-" : exchange.connectionId, rc.failure());
            rejection = Rejection.of(Outcome.ERROR, "internal_error");
        } else {
            LOG.debug("Request {} for {} rejected: {} ({})", exchange.requestId, exchange.connectionId,
                    rejection.outcome, rejection.detail);
        }
        if (rc.response().ended()) {
            return;
        }
        if (exchange == null) {
            responder.respond(rc, null, rejection.outcome, null, rejection.detail);
            return;
        }
        if (rejection.outcome == Outcome.UNAUTHORIZED && exchange.connection != null) {
            metrics.verificationFailure(exchange.connection.definition().authMode().name(), rejection.detail);
        }
        if (rejection.outcome != Outcome.UNAVAILABLE) {
            // A broker that is away cannot take the history record either; the 503 is logged instead.
            rejected.offer(exchange.toRecord(rc, rejection.outcome, rejection.detail));
        }
        HttpServerRequest request = rc.request();
        if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
            // Said up front, so a keep-alive client never sends its next request down a connection about to close.
            rc.response().putHeader("connection", "close");
        }
        Outcome outcome = rejection.outcome;
        responder.respond(rc, exchange, outcome, rejection.reason, rejection.detail)
                .onComplete(v -> {
                    if (!request.isEnded()) {
                        closeUnreadRequest(rc, exchange, outcome);
                    }
                });
    }

    private static void closeUnreadRequest(RoutingContext rc, IngestExchange exchange, Outcome outcome) {
        HttpServerRequest request = rc.request();
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else if (bodyStillComing(request, exchange, outcome)) {
            LingeringClose.drainThenClose(rc.vertx(), request);
        } else {
            request.connection().close();
        }
    }

    /**
     * Whether the client is still sending a body worth draining: not when it waits for a 100 (Continue) it
     * never got, nor when the body is the fault: too slow for the request timeout, or broken on the wire.
     */
    private static boolean bodyStillComing(HttpServerRequest request, IngestExchange exchange, Outcome outcome) {
        if (outcome == Outcome.REQUEST_TIMEOUT || outcome == Outcome.MALFORMED_REQUEST) {
            return false;
        }
        return exchange.continueSent || !"100-continue".equalsIgnoreCase(request.getHeader("expect"));
    }
}
