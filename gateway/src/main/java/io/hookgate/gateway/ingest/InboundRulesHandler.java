package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.TriggerRef;
import io.hookgate.model.Outcome;
import io.hookgate.model.contact.ContactKeys;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * What must hold before a webhook is accepted, decided synchronously on the parsed payload: a connection
 * with {@code requireTrigger} has a flow bound (404), the contact identifier resolves to a scalar (422; kept in
 * its normal form, when it has one, for the Kafka key), and every RESUME trigger's correlation path resolves (422).
 */
final class InboundRulesHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        Connection connection = exchange.connection.definition();
        if (connection.requireTrigger() && connection.triggers().isEmpty()) {
            rc.fail(Rejection.of(Outcome.TRIGGER_NOT_FOUND, "no_trigger_bound"));
            return;
        }
        Connection.Identifier identifier = connection.identifier();
        if (identifier != null) {
            Optional<String> raw = exchange.payload.scalar(identifier.path());
            if (raw.isEmpty()) {
                rc.fail(Rejection.of(Outcome.IDENTIFIER_NOT_FOUND, "identifier_not_found"));
                return;
            }
            exchange.contact = ContactKeys.normalise(identifier.type().name(), raw.get()).orElse(null);
        }
        for (TriggerRef trigger : connection.triggers()) {
            if (trigger.action() == TriggerRef.Action.RESUME && exchange.payload.scalar(trigger.correlationPath()).isEmpty()) {
                rc.fail(Rejection.of(Outcome.IDENTIFIER_NOT_FOUND, "correlation_not_found"));
                return;
            }
        }
        rc.next();
    }
}
