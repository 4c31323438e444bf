package io.hookgate.gateway.ingest;

import io.hookgate.gateway.verify.SignedRequest;
import io.hookgate.gateway.verify.Verification;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Runs the connection's verifier on the raw body, before any parsing. */
final class VerifyHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        HttpServerRequest request = rc.request();
        SignedRequest signed = new SignedRequest(request.method().name(), request.uri(), request.headers(),
                rc.queryParams(), exchange.body);
        exchange.connection.verifier().verify(signed).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            Verification result = ar.result();
            if (result.verified()) {
                exchange.eventId = exchange.connection.verifier().eventId(signed);
                rc.next();
            } else {
                rc.fail(Rejection.unauthorized(result.reason(), result.detail()));
            }
        });
    }
}
