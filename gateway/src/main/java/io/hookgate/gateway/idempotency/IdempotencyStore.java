package io.hookgate.gateway.idempotency;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;

/**
 * The shared memory of idempotency keys, in Postgres so that every gateway instance sees the same first
 * response. One {@code INSERT … ON CONFLICT} decides atomically who owns a key: the only race-free way
 * when copies arrive at the same moment on different instances.
 */
public final class IdempotencyStore {
    static final Duration RETENTION = Duration.ofHours(24);

    /**
     * Takes the key when it is free, expired, or held by an owner whose lease ran out; returns the owner
     * afterwards (ours if we got it) with the stored answer when there is one.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (connection_id, key_hash, state, owner, lease_until, expires_at)
            VALUES ($1, $2, 'PENDING', $3, now() + make_interval(secs => $4), now() + make_interval(secs => $5))
            ON CONFLICT (connection_id, key_hash) DO UPDATE
               SET state = 'PENDING', owner = EXCLUDED.owner, status = NULL, body = NULL,
                   lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at
             WHERE idempotency_keys.expires_at < now()
                OR (idempotency_keys.state = 'PENDING' AND idempotency_keys.lease_until < now())
            RETURNING owner""";

    private static final String READ = """
            SELECT state, owner, status, body FROM idempotency_keys
             WHERE connection_id = $1 AND key_hash = $2""";

    private static final String COMPLETE = """
            UPDATE idempotency_keys SET state = 'DONE', status = $4, body = $5
             WHERE connection_id = $1 AND key_hash = $2 AND owner = $3""";

    private static final String RELEASE = """
            DELETE FROM idempotency_keys WHERE connection_id = $1 AND key_hash = $2 AND owner = $3""";

    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

    private final Pool pool;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    /** What the store says about a key right now. */
    public sealed interface KeyState permits Owned, InFlight, Answered {
    }

    /** This request owns the key: process it, then {@link #complete} or {@link #release}. */
    public record Owned() implements KeyState {
    }

    /** Another request owns the key and has not answered yet. */
    public record InFlight() implements KeyState {
    }

    /** The first response, to replay. */
    public record Answered(int status, byte[] body) implements KeyState {
    }

    public Future<KeyState> claim(String connectionId, byte[] keyHash, String owner, Duration lease) {
        Tuple params = Tuple.of(connectionId, Buffer.buffer(keyHash), owner,
                (double) lease.toMillis() / 1000.0, (double) RETENTION.toSeconds());
        return pool.preparedQuery(CLAIM).execute(params).compose(rows -> {
            if (rows.size() == 1 && owner.equals(rows.iterator().next().getString("owner"))) {
                return Future.succeededFuture(new Owned());
            }
            return read(connectionId, keyHash);
        });
    }

    /** The key's state as stored (the claim race is decided; this only observes). */
    public Future<KeyState> read(String connectionId, byte[] keyHash) {
        return pool.preparedQuery(READ).execute(Tuple.of(connectionId, Buffer.buffer(keyHash))).map(rows -> {
            if (rows.size() == 0) {
                // Released by its owner a moment ago: the caller may claim again.
                return new InFlight();
            }
            Row row = rows.iterator().next();
            if ("DONE".equals(row.getString("state"))) {
                return new Answered(row.getInteger("status"), row.getBuffer("body").getBytes());
            }
            return new InFlight();
        });
    }

    public Future<Void> complete(String connectionId, byte[] keyHash, String owner, int status, byte[] body) {
        return pool.preparedQuery(COMPLETE)
                .execute(Tuple.of(connectionId, Buffer.buffer(keyHash), owner, status, Buffer.buffer(body)))
                .mapEmpty();
    }

    /** Gives the key up without an answer (the request failed transiently), so a retry can take it. */
    public Future<Void> release(String connectionId, byte[] keyHash, String owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(connectionId, Buffer.buffer(keyHash), owner)).mapEmpty();
    }

    public Future<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(rows -> rows.rowCount());
    }
}
