package io.hookgate.gateway.ingest;

import io.hookgate.gateway.metrics.AccessLog;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.verify.FailureReason;
import io.hookgate.model.IdKind;
import io.hookgate.model.Outcome;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where an {@link Outcome} becomes an HTTP answer:
 * {@code {"outcome","requestId","message"?,"reason"?}}, the status of the outcome, {@code x-request-id},
 * and {@code Retry-After} where the caller should come back.
 */
final class OutcomeResponder {
    static final String REQUEST_ID_HEADER = "x-request-id";
    private final int retryAfterSeconds;
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;

    OutcomeResponder(int retryAfterSeconds, GatewayMetrics metrics, AccessLog accessLog) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * Answers with the outcome, counts it and writes the access-log line; a request that owns an
     * idempotency key settles it with this answer.
     *
     * @param detail the internal reason, for metrics and logs only
     */
    Future<Void> respond(RoutingContext rc, IngestExchange exchange, Outcome outcome, FailureReason reason, String detail) {
        String requestId = exchange == null ? "-" : exchange.requestId;
        if (exchange != null) {
            String connection = exchange.connection == null ? GatewayMetrics.UNKNOWN_CONNECTION : exchange.connectionId;
            metrics.request(connection, outcome, System.nanoTime() - exchange.startNanos);
            accessLog.request(requestId, connection, outcome.name(), outcome.httpStatus(), detail, exchange.elapsedMillis());
        }
        JsonObject body = new JsonObject().put("outcome", outcome.name()).put("requestId", requestId);
        if (!outcome.isSuccess()) {
            body.put("message", outcome.defaultMessage());
        }
        if (outcome == Outcome.UNAUTHORIZED && reason != null) {
            body.put("reason", reason.wireName());
        }
        HttpServerResponse response = rc.response()
                .setStatusCode(outcome.httpStatus())
                .putHeader("content-type", "application/json")
                .putHeader(REQUEST_ID_HEADER, requestId);
        if (outcome == Outcome.UNAVAILABLE || outcome == Outcome.RATE_LIMITED) {
            long seconds = exchange != null && exchange.retryAfterSeconds > 0 ? exchange.retryAfterSeconds : retryAfterSeconds;
            response.putHeader("retry-after", Long.toString(seconds));
        }
        Buffer bytes = body.toBuffer();
        if (exchange != null && exchange.idempotency != null) {
            exchange.idempotency.settle(outcome.httpStatus(), bytes.getBytes());
        }
        return response.end(bytes);
    }

    /**
     * An answer before any route ran (malformed HTTP, headers over the limits): no connection is known, so
     * nothing goes to history; the connection is closed after the answer, since what follows on it cannot
     * be trusted to be the start of another request.
     */
    Future<Void> early(HttpServerRequest request, Outcome outcome, String detail) {
        String offered = request.getHeader(REQUEST_ID_HEADER);
        String requestId = StartExchangeHandler.isAcceptableRequestId(offered) ? offered : IdKind.REQUEST.generate();
        metrics.request(GatewayMetrics.UNKNOWN_CONNECTION, outcome, 0);
        accessLog.request(requestId, GatewayMetrics.UNKNOWN_CONNECTION, outcome.name(), outcome.httpStatus(), detail, 0);
        JsonObject body = new JsonObject().put("outcome", outcome.name()).put("requestId", requestId)
                .put("message", outcome.defaultMessage());
        HttpServerResponse response = request.response()
                .setStatusCode(outcome.httpStatus())
                .putHeader("content-type", "application/json")
                .putHeader(REQUEST_ID_HEADER, requestId);
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader("connection", "close");
        }
        return response.end(body.toBuffer()).onComplete(v -> {
            if (request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }

    /** Slack's url_verification, after its signature checked out: echo the challenge, dispatch nothing. */
    Future<Void> slackChallenge(RoutingContext rc, IngestExchange exchange, String challenge) {
        return rc.response().setStatusCode(200)
                .putHeader("content-type", "application/json")
                .putHeader(REQUEST_ID_HEADER, exchange.requestId)
                .end(new JsonObject().put("challenge", challenge).toBuffer());
    }

    /** Meta's subscription handshake: the challenge verbatim as text, or 403 on a wrong token. */
    Future<Void> metaHandshake(RoutingContext rc, IngestExchange exchange, String challenge) {
        HttpServerResponse response = rc.response()
                .putHeader(REQUEST_ID_HEADER, exchange.requestId)
                .putHeader("content-type", "text/plain; charset=utf-8");
        return challenge == null ? response.setStatusCode(403).end("verify token mismatch")
                : response.setStatusCode(200).end(challenge);
    }

    /** A repeat of an idempotency key: the first answer, byte for byte, marked as a replay. */
    Future<Void> replay(RoutingContext rc, String requestId, int status, byte[] body) {
        metrics.replayed();
        return rc.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader(REQUEST_ID_HEADER, requestId)
                .putHeader("idempotent-replayed", "true")
                .end(Buffer.buffer(body));
    }
}
