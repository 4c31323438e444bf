package io.hookgate.gateway.connection;

import io.hookgate.model.net.IpAllowList;
import io.hookgate.gateway.verify.Verifier;

import java.time.Instant;

/**
 * A connection ready for the hot path: its definition and the verifier built for it once, at load.
 *
 * @param verifyToken META's hub.verify_token for the subscription handshake, or null
 * @param allowList   who may call the connection (parsed once)
 * @param reloadAt when a grace-period credential runs out and the verifier must be rebuilt; null = never
 * @param organisationRateLimit the organisation's ingest quota override (requests a second per gateway process),
 *                              null = the configured default
 */
public record LiveConnection(Connection definition, Verifier verifier, String verifyToken, IpAllowList allowList,
                             Instant reloadAt, Integer organisationRateLimit) {

    public boolean staleAt(Instant now) {
        return reloadAt != null && !now.isBefore(reloadAt);
    }
}
