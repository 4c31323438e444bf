package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.ContactDirectory;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Outcome;
import io.hookgate.model.contact.ContactKeys;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code contactResolution: SYNC}: the contact must exist before the webhook is accepted (422 otherwise),
 * looked up through a cache that contact changes invalidate.
 */
final class SyncContactHandler implements Handler<RoutingContext> {
    private final ContactDirectory contacts;

    SyncContactHandler(ContactDirectory contacts) {
        this.contacts = contacts;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        Connection connection = exchange.connection.definition();
        if (connection.contactResolution() != ContactResolution.SYNC || connection.identifier() == null) {
            rc.next();
            return;
        }
        Connection.Identifier identifier = connection.identifier();
        String type = identifier.type().name();
        String value = exchange.contact; // normalised by InboundRulesHandler
        String channel = identifier.channel() == null ? null : ContactKeys.channel(identifier.channel()).orElse(null);
        if (value == null) {
            rc.fail(Rejection.of(Outcome.IDENTIFIER_NOT_FOUND, "identifier_not_normalisable"));
            return;
        }
        contacts.find(connection.organisationId(), connection.environment().name(), type, channel, value).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "contact_lookup_failed"));
            } else if (ar.result().isEmpty()) {
                rc.fail(Rejection.of(Outcome.IDENTIFIER_NOT_FOUND, "contact_not_found"));
            } else {
                rc.next();
            }
        });
    }
}
