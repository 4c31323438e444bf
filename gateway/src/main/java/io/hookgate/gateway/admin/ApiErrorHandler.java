package io.hookgate.gateway.admin;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where admin API failures become HTTP: typed errors as themselves, anything else as 500. */
final class ApiErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);

    @Override
    public void handle(RoutingContext rc) {
        if (rc.response().ended()) {
            return;
        }
        Throwable failure = rc.failure();
        ApiException error;
        if (failure instanceof ApiException api) {
            error = api;
        } else if (failure == null && rc.statusCode() == 404) {
            error = ApiException.notFound("Route");
        } else if (failure == null && rc.statusCode() == 405) {
            error = new ApiException(405, "method_not_allowed", "Method not allowed on this route", null);
        } else if (failure == null && rc.statusCode() == 413) {
            error = new ApiException(413, "payload_too_large", "Request body too large", null);
        } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
            error = new ApiException(rc.statusCode(), "bad_request", "Bad request", null);
        } else {
            LOG.error("Admin API failure on {} {}", rc.request().method(), rc.normalizedPath(), failure);
            error = new ApiException(500, "internal_error", "Internal error", null);
        }
        JsonObject body = new JsonObject().put("code", error.code()).put("message", error.getMessage());
        if (error.field() != null) {
            body.put("field", error.field());
        }
        rc.response().setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", body).toBuffer());
    }
}
