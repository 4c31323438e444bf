package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.LiveConnection;
import io.hookgate.gateway.verify.Crypto;
import io.hookgate.model.AuthMode;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Meta's subscription handshake: {@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}. The
 * token is compared in constant time with the connection's verify token; a match echoes the challenge.
 */
final class MetaHandshakeHandler implements Handler<RoutingContext> {
    private static final int MAX_CHALLENGE = 1000;
    private final OutcomeResponder responder;

    MetaHandshakeHandler(OutcomeResponder responder) {
        this.responder = responder;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        LiveConnection connection = exchange.connection;
        if (connection.definition().authMode() != AuthMode.META) {
            rc.fail(Rejection.of(Outcome.TRIGGER_NOT_FOUND, "no_handshake_for_mode"));
            return;
        }
        MultiMap query = rc.queryParams();
        String mode = query.get("hub.mode");
        String token = query.get("hub.verify_token");
        String challenge = query.get("hub.challenge");
        boolean ok = "subscribe".equals(mode) && token != null && connection.verifyToken() != null
                && challenge != null && !challenge.isEmpty() && challenge.length() <= MAX_CHALLENGE
                && Crypto.sameText(token, connection.verifyToken());
        responder.metaHandshake(rc, exchange, ok ? challenge : null);
    }
}
