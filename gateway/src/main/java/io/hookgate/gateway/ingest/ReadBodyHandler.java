package io.hookgate.gateway.ingest;

import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the body up to the connection's limit, counting the bytes actually received: a declared
 * {@code Content-Length} over the limit is refused before reading, and a chunked or lying body is cut
 * off the moment it passes the limit. Nothing past the limit is ever buffered.
 */
final class ReadBodyHandler implements Handler<RoutingContext> {
    private static final int INITIAL_CAPACITY = 4096;

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
        }
        Buffer body = Buffer.buffer((int) Math.min(declared >= 0 ? declared : INITIAL_CAPACITY, limit));
        boolean[] overLimit = {false};
        request.handler(chunk -> {
            if (overLimit[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                overLimit[0] = true;
                request.pause();
                rc.fail(Rejection.of(Outcome.PAYLOAD_TOO_LARGE, "body_over_limit"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!overLimit[0]) {
                exchange.body = body.getBytes();
                rc.next();
            }
        });
        request.exceptionHandler(err -> {
            if (!overLimit[0] && !rc.failed()) {
                rc.fail(Rejection.of(Outcome.ERROR, "body_read_failed"));
            }
        });
        request.resume();
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
