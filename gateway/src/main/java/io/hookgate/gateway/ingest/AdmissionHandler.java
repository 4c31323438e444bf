package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.semantics.ClientAddress;
import io.hookgate.model.net.IpAllowList;
import io.hookgate.gateway.semantics.RateLimiter;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Before a byte of the body is read: the caller's address must be in the connection's allow-list (403),
 * and the connection must be within its rate limit (429 with Retry-After).
 */
final class AdmissionHandler implements Handler<RoutingContext> {
    private final RateLimiter limiter;
    private final int trustedProxyHops;

    AdmissionHandler(RateLimiter limiter, int trustedProxyHops) {
        this.limiter = limiter;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        Connection connection = exchange.connection.definition();
        IpAllowList allowList = exchange.connection.allowList();
        if (allowList != IpAllowList.ANYONE) {
            String peer = rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
            String client = ClientAddress.ofLines(peer, rc.request().headers().getAll("x-forwarded-for"), trustedProxyHops);
            if (client == null || !allowList.allows(client)) {
                rc.fail(Rejection.of(Outcome.FORBIDDEN_IP, "address_not_allowed"));
                return;
            }
        }
        Integer perSecond = connection.rateLimitPerSecond();
        if (perSecond != null) {
            long retryAfter = limiter.acquire(connection.id(), perSecond);
            if (retryAfter > 0) {
                exchange.retryAfterSeconds = retryAfter;
                rc.fail(Rejection.of(Outcome.RATE_LIMITED, "rate_limited"));
                return;
            }
        }
        rc.next();
    }
}
