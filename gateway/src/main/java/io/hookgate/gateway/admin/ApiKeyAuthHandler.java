package io.hookgate.gateway.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Resolves {@code Authorization: Bearer <api key>} to a {@link Tenant}; anything else is a 401. */
final class ApiKeyAuthHandler implements Handler<RoutingContext> {
    private static final String BEARER = "Bearer ";
    private final OrganisationStore organisations;

    ApiKeyAuthHandler(OrganisationStore organisations) {
        this.organisations = organisations;
    }

    @Override
    public void handle(RoutingContext rc) {
        String header = rc.request().getHeader("authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            rc.fail(ApiException.unauthorized("Send your API key as Authorization: Bearer hg_test_… or hg_live_…"));
            return;
        }
        String key = header.substring(BEARER.length()).trim();
        organisations.authenticate(key).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                rc.fail(ApiException.unauthorized("Unknown or revoked API key"));
            } else {
                ar.result().get().attach(rc);
                rc.next();
            }
        });
    }
}
