package io.hookgate.gateway.ingest;

import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Reads the body up to the connection's limit, counting the bytes actually received: a declared
 * {@code Content-Length} over the limit is refused before reading, and a chunked or lying body is cut
 * off the moment it passes the limit. Nothing past the limit is ever buffered. The body must be complete
 * within the request timeout of the request's head (408 REQUEST_TIMEOUT otherwise: a body that trickles
 * in, or a {@code Content-Length} larger than what is sent); a body the client breaks off or encodes
 * wrongly is 400 MALFORMED_REQUEST, never a 500.
 */
final class ReadBodyHandler implements Handler<RoutingContext> {
    private static final int INITIAL_CAPACITY = 4096;
    private final Vertx vertx;
    private final long timeoutMs;

    ReadBodyHandler(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutMs = timeout.toMillis();
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        int limit = exchange.connection.definition().maxBodyBytes();
        HttpServerRequest request = rc.request();
        long declared = declaredLength(request.getHeader("content-length"));
        if (declared > limit) {
            rc.fail(Rejection.of(Outcome.PAYLOAD_TOO_LARGE, "declared_length_over_limit"));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
            rc.response().writeContinue();
            exchange.continueSent = true;
        }
        Reading reading = new Reading(rc, exchange, limit, declared);
        request.handler(reading::chunk);
        request.endHandler(v -> reading.end());
        request.exceptionHandler(err -> reading.stop(Outcome.MALFORMED_REQUEST, "body_read_failed"));
        long remaining = Math.max(1, timeoutMs - exchange.elapsedMillis());
        reading.timer = vertx.setTimer(remaining, id -> reading.stop(Outcome.REQUEST_TIMEOUT, "body_timeout"));
        request.resume();
    }

    /** One body being read; everything happens on the request's event loop. */
    private final class Reading {
        private final RoutingContext rc;
        private final IngestExchange exchange;
        private final int limit;
        private final Buffer body;
        private boolean stopped;
        private long timer = -1;

        Reading(RoutingContext rc, IngestExchange exchange, int limit, long declared) {
            this.rc = rc;
            this.exchange = exchange;
            this.limit = limit;
            this.body = Buffer.buffer((int) Math.min(declared >= 0 ? declared : INITIAL_CAPACITY, limit));
        }

        void chunk(Buffer chunk) {
            if (stopped) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                stop(Outcome.PAYLOAD_TOO_LARGE, "body_over_limit");
                return;
            }
            body.appendBuffer(chunk);
        }

        void end() {
            if (stopped) {
                return;
            }
            stopped = true;
            vertx.cancelTimer(timer);
            exchange.body = body.getBytes();
            rc.next();
        }

        void stop(Outcome outcome, String detail) {
            if (stopped) {
                return;
            }
            stopped = true;
            vertx.cancelTimer(timer);
            rc.request().pause();
            if (!rc.failed() && !rc.response().ended()) {
                rc.fail(Rejection.of(outcome, detail));
            }
        }
    }

    /** The declared length, or -1 when absent or not a number (a body is then read and counted). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
