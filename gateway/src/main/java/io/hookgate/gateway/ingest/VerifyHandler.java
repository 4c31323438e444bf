package io.hookgate.gateway.ingest;

import io.hookgate.gateway.verify.SignedRequest;
import io.hookgate.gateway.verify.Verification;
import io.hookgate.gateway.verify.Verifier;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs the connection's verifier on the raw body, before any parsing. A credential header sent twice is
 * refused before the verifier runs: which copy a proxy or the verifier would take is not to be guessed.
 */
final class VerifyHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        HttpServerRequest request = rc.request();
        SignedRequest signed = new SignedRequest(request.method().name(), request.uri(), request.headers(),
                rc.queryParams(), exchange.body);
        Verifier verifier = exchange.connection.verifier();
        for (String name : verifier.credentialHeaders()) {
            if (request.headers().getAll(name).size() > 1) {
                rc.fail(Rejection.unauthorized(verifier.duplicateCredentialReason(), "duplicate_credential_header"));
                return;
            }
        }
        verifier.verify(signed).onComplete(ar -> {
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
