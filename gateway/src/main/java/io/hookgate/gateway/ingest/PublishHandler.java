package io.hookgate.gateway.ingest;

import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.publish.InboundPublisher;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last stage: publishes to {@code hookgate.inbound} and answers 202 only once the broker acknowledged. */
final class PublishHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    private final InboundPublisher publisher;
    private final OutcomeResponder responder;
    private final GatewayMetrics metrics;

    PublishHandler(InboundPublisher publisher, OutcomeResponder responder, GatewayMetrics metrics) {
        this.publisher = publisher;
        this.responder = responder;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        long started = System.nanoTime();
        publisher.publish(exchange.toRecord(rc, Outcome.ACCEPTED, null)).onComplete(ar -> {
            if (ar.succeeded()) {
                metrics.published(System.nanoTime() - started);
                responder.respond(rc, exchange, Outcome.ACCEPTED, null, null);
            } else {
                metrics.publishFailed();
                LOG.warn("Kafka did not acknowledge request {} of {}: {}", exchange.requestId,
                        exchange.connectionId, ar.cause().toString());
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "kafka_unavailable"));
            }
        });
    }
}
