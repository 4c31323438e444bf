package io.hookgate.gateway.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes an HTTP/1.x connection whose request body a refusal left unread, without losing the refusal.
 * <p>
 * A socket closed over bytes it never read answers the sender with a reset, and a client still sending its
 * body then sees a broken connection instead of the answer already on its way: a 413 with its reason, a 429
 * with its {@code Retry-After}. So the rest of the body is read and thrown away, and the connection closes
 * when the body ends, or once {@link #MAX_DRAIN_BYTES} or {@link #MAX_DRAIN_MS} are spent, whichever comes
 * first: a refused client cannot keep the connection or make the gateway read much on its behalf.
 */
final class LingeringClose {
    static final long MAX_DRAIN_BYTES = 1024 * 1024;
    static final long MAX_DRAIN_MS = 2_000;

    private final Vertx vertx;
    private final HttpConnection connection;
    private long drained;
    private long timer;
    private boolean closed;

    private LingeringClose(Vertx vertx, HttpConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
    }

    /** Drains what is left of {@code request}'s body, then closes its connection. */
    static void drainThenClose(Vertx vertx, HttpServerRequest request) {
        LingeringClose lingering = new LingeringClose(vertx, request.connection());
        lingering.timer = vertx.setTimer(MAX_DRAIN_MS, id -> lingering.close());
        request.handler(lingering::discard);
        request.endHandler(v -> lingering.close());
        request.exceptionHandler(err -> lingering.close());
        request.resume();
    }

    private void discard(Buffer chunk) {
        drained += chunk.length();
        if (drained > MAX_DRAIN_BYTES) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(timer);
        connection.close();
    }
}
