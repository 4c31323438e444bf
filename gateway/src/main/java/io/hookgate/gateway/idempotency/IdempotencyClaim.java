package io.hookgate.gateway.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key this request owns. Settled once with the request's answer: a definitive one (2xx/4xx) is kept
 * for replay; a transient one (5xx: broker away, internal error) releases the key so a retry can succeed.
 */
public final class IdempotencyClaim {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyClaim.class);
    private final IdempotencyStore store;
    private final String connectionId;
    private final byte[] keyHash;
    private final String owner;
    private boolean settled;

    public IdempotencyClaim(IdempotencyStore store, String connectionId, byte[] keyHash, String owner) {
        this.store = store;
        this.connectionId = connectionId;
        this.keyHash = keyHash;
        this.owner = owner;
    }

    public void settle(int status, byte[] body) {
        if (settled) {
            return;
        }
        settled = true;
        var done = status >= 500
                ? store.release(connectionId, keyHash, owner)
                : store.complete(connectionId, keyHash, owner, status, body);
        done.onFailure(err -> LOG.warn("Idempotency key of {} not settled (its lease will expire): {}", connectionId, err.toString()));
    }
}
