package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.ConnectionCache;
import io.hookgate.gateway.connection.LiveConnection;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.IdKind;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Finds the connection named in the URL (from the cache) and refuses unknown, deleted and paused ones,
 * and provider-qualified URLs whose provider is not the connection's.
 */
final class ResolveConnectionHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ResolveConnectionHandler.class);
    private final ConnectionCache cache;

    ResolveConnectionHandler(ConnectionCache cache) {
        this.cache = cache;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        if (!IdKind.CONNECTION.isWellFormed(exchange.connectionId)) {
            rc.fail(Rejection.of(Outcome.TRIGGER_NOT_FOUND, "unknown_connection"));
            return;
        }
        cache.get(exchange.connectionId).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Connection lookup failed for request {}: {}", exchange.requestId, ar.cause().toString());
                rc.fail(Rejection.of(Outcome.UNAVAILABLE, "connection_lookup_failed"));
                return;
            }
            Rejection refusal = refusal(ar.result(), rc.pathParam("provider"));
            if (refusal != null) {
                rc.fail(refusal);
                return;
            }
            exchange.connection = ar.result().orElseThrow();
            rc.next();
        });
    }

    private static Rejection refusal(Optional<LiveConnection> found, String provider) {
        if (found.isEmpty()) {
            return Rejection.of(Outcome.TRIGGER_NOT_FOUND, "unknown_connection");
        }
        Connection connection = found.get().definition();
        if (connection.status() == ConnectionStatus.DELETED) {
            return Rejection.of(Outcome.TRIGGER_NOT_FOUND, "deleted_connection");
        }
        if (connection.status() == ConnectionStatus.PAUSED) {
            return Rejection.of(Outcome.TRIGGER_NOT_FOUND, "paused_connection");
        }
        if (provider != null && !ProviderSegments.accepts(connection, provider)) {
            return Rejection.of(Outcome.PROVIDER_MISMATCH, "provider_mismatch");
        }
        return null;
    }
}
