package io.hookgate.gateway.ingest;

import io.hookgate.gateway.limits.Permits;
import io.hookgate.gateway.limits.ThrottledLog;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.publish.InboundPublisher;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Last stage: publishes to {@code hookgate.inbound} and answers 202 only once the broker acknowledged.
 * At most the process's in-flight limit of publishes wait for the broker at once; one more is answered
 * 503 UNAVAILABLE at once rather than queued behind a broker that is slow or away.
 */
final class PublishHandler implements Handler<RoutingContext> {
    private static final long WARN_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final InboundPublisher publisher;
    private final OutcomeResponder responder;
    private final GatewayMetrics metrics;
    private final Permits inFlight;
    private final ThrottledLog failures = new ThrottledLog(LoggerFactory.getLogger(PublishHandler.class),
            WARN_PERIOD_NANOS, System::nanoTime);
    private final ThrottledLog overloads = new ThrottledLog(LoggerFactory.getLogger(PublishHandler.class),
            WARN_PERIOD_NANOS, System::nanoTime);

    PublishHandler(InboundPublisher publisher, OutcomeResponder responder, GatewayMetrics metrics, Permits inFlight) {
        this.publisher = publisher;
        this.responder = responder;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        if (!inFlight.tryAcquire()) {
            metrics.shed("in_flight");
            overloads.warn("{} publishes already await Kafka's acknowledgement; request {} answered 503",
                    inFlight.limit(), exchange.requestId);
            rc.fail(Rejection.of(Outcome.UNAVAILABLE, "in_flight_limit"));
            return;
        }
        long started = System.nanoTime();
        String key = InboundPublisher.key(exchange.connectionId, exchange.contact);
        publisher.publish(key, exchange.toRecord(rc, Outcome.ACCEPTED, null)).onComplete(ar -> {
            inFlight.release();
            if (ar.succeeded()) {
                metrics.published(System.nanoTime() - started);
                responder.respond(rc, exchange, Outcome.ACCEPTED, null, null);
            } else {
                metrics.publishFailed();
                failures.warn("Kafka did not acknowledge request {} of {}: {}", exchange.requestId,
                        exchange.connectionId, ar.cause().toString());
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "kafka_unavailable"));
            }
        });
    }
}
