package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.SchemaStore;
import io.hookgate.model.Outcome;
import io.hookgate.model.payload.Schemas;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/**
 * While a capture window is open, the next verified payload becomes the connection's schema sample:
 * {@code 202 SAMPLE_CAPTURED}, not dispatched (it still lands in history). If another request took the
 * sample first, this one goes on as usual.
 */
final class CaptureHandler implements Handler<RoutingContext> {
    private final SchemaStore schemas;
    private final Clock clock;

    CaptureHandler(SchemaStore schemas, Clock clock) {
        this.schemas = schemas;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        if (!exchange.connection.definition().capturingAt(clock.instant())) {
            rc.next();
            return;
        }
        schemas.store(exchange.connectionId, Schemas.infer(exchange.json), exchange.body, true).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "schema_store_unavailable"));
            } else if (ar.result().isEmpty()) {
                rc.next();
            } else {
                rc.fail(Rejection.of(Outcome.SAMPLE_CAPTURED, "sample_captured_v" + ar.result().get()));
            }
        });
    }
}
