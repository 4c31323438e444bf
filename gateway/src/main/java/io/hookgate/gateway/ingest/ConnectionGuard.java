package io.hookgate.gateway.ingest;

import io.hookgate.gateway.limits.Permits;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;

/**
 * At most {@code maxConnections} ingest connections per process (permits shared by every ingest event
 * loop): one more is closed as soon as it is accepted, before it can hold a socket, a buffer or a timer.
 * The ingest server speaks HTTP/1.1 only, so that Vert.x reports a connection on accept rather than after
 * sniffing its first bytes for an HTTP/2 preface (a silent socket would otherwise go uncounted).
 */
final class ConnectionGuard implements Handler<HttpConnection> {
    private final Permits permits;
    private final GatewayMetrics metrics;

    ConnectionGuard(Permits permits, GatewayMetrics metrics) {
        this.permits = permits;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpConnection connection) {
        if (!permits.tryAcquire()) {
            metrics.shed("connections");
            connection.close();
            return;
        }
        connection.closeHandler(v -> permits.release());
    }
}
