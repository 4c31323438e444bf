package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.limits.OrganisationQuotas;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.semantics.ClientAddress;
import io.hookgate.model.net.IpAllowList;
import io.hookgate.gateway.semantics.RateLimiter;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Before a byte of the body is read: the caller's address must be in the connection's allow-list (403), the
 * connection must be within its rate limit and then its organisation within its quota (429 with Retry-After).
 * The connection's own limit goes first, so that a request it refuses takes nothing of the quota its
 * organisation's other connections share.
 */
final class AdmissionHandler implements Handler<RoutingContext> {
    private final RateLimiter limiter;
    private final OrganisationQuotas quotas;
    private final GatewayMetrics metrics;
    private final int trustedProxyHops;

    AdmissionHandler(RateLimiter limiter, OrganisationQuotas quotas, GatewayMetrics metrics, int trustedProxyHops) {
        this.limiter = limiter;
        this.quotas = quotas;
        this.metrics = metrics;
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
        if (perSecond != null && refused(rc, exchange, limiter.acquire(connection.id(), perSecond), "connection", "rate_limited")) {
            return;
        }
        long organisationRetry = quotas.acquire(connection.organisationId(), exchange.connection.organisationRateLimit());
        if (refused(rc, exchange, organisationRetry, "organisation", "organisation_rate_limited")) {
            return;
        }
        rc.next();
    }

    private boolean refused(RoutingContext rc, IngestExchange exchange, long retryAfter, String scope, String detail) {
        if (retryAfter <= 0) {
            return false;
        }
        metrics.rateLimited(scope);
        exchange.retryAfterSeconds = retryAfter;
        rc.fail(Rejection.of(Outcome.RATE_LIMITED, detail));
        return true;
    }
}
