package io.hookgate.gateway.ingest;

import io.hookgate.model.Outcome;
import io.hookgate.model.PayloadFormat;
import io.hookgate.model.payload.Payload;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Parses the verified body once, in the connection's format (JSON, or XML parsed safely). The tree is
 * kept for later stages (identifier, correlation, capture); the bytes published stay exactly as received.
 */
final class ParseBodyHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        PayloadFormat format = exchange.connection.definition().format();
        Payload payload;
        try {
            payload = Payload.parse(format, exchange.body);
        } catch (Payload.PayloadParseException e) {
            rc.fail(Rejection.of(format == PayloadFormat.XML ? Outcome.INVALID_XML : Outcome.INVALID_JSON, e.reason()));
            return;
        }
        exchange.payload = payload;
        exchange.json = payload.tree();
        if (exchange.eventId == null && format == PayloadFormat.JSON) {
            exchange.eventId = BodyEventIds.of(exchange.connection.definition().authMode(), payload.tree());
        }
        rc.next();
    }
}
