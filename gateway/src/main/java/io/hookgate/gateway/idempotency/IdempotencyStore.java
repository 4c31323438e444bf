package io.hookgate.gateway.idempotency;

import io.hookgate.model.concurrent.Coalescer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared memory of idempotency keys, in Postgres so that every gateway instance sees the same first
 * response. One {@code INSERT … ON CONFLICT} decides atomically who owns a key: the only race-free way
 * when copies arrive at the same moment on different instances. Claims (and answers) that arrive while others
 * are in flight go to Postgres together, as one statement over arrays: a round trip and a commit for a
 * batch instead of for each request.
 */
public final class IdempotencyStore {
    static final Duration RETENTION = Duration.ofHours(24);

    /**
     * Takes each key when it is free, expired, or held by an owner whose lease ran out; returns the owners of
     * the keys taken. Keys are taken in one order everywhere, so that two gateways' batches never wait on each
     * other in a cycle.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (connection_id, key_hash, state, owner, lease_until, expires_at)
            SELECT c.connection_id, c.key_hash, 'PENDING', c.owner, now() + make_interval(secs => c.lease),
                   now() + make_interval(secs => $5)
              FROM unnest($1::text[], $2::bytea[], $3::text[], $4::float8[]) AS c(connection_id, key_hash, owner, lease)
             ORDER BY c.connection_id, c.key_hash
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
            UPDATE idempotency_keys AS k SET state = 'DONE', status = a.status, body = a.body
              FROM unnest($1::text[], $2::bytea[], $3::text[], $4::int[], $5::bytea[]) AS a(connection_id, key_hash, owner, status, body)
             WHERE k.connection_id = a.connection_id AND k.key_hash = a.key_hash AND k.owner = a.owner""";

    private static final String RELEASE = """
            DELETE FROM idempotency_keys WHERE connection_id = $1 AND key_hash = $2 AND owner = $3""";

    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

    /** Bounds a statement's arrays. */
    private static final int MAX_BATCH = 256;
    /** Batches of each kind in flight at once: claims and answers together take half the gateway's pool of 8. */
    private static final int MAX_IN_FLIGHT = 2;

    private final Pool pool;
    private final Coalescer<Claim, Boolean> claims = new Coalescer<>(MAX_BATCH, MAX_IN_FLIGHT, this::claimAll);
    private final Coalescer<Answer, Void> answers = new Coalescer<>(MAX_BATCH, MAX_IN_FLIGHT, this::completeAll);

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    private record Claim(String connectionId, byte[] keyHash, String owner, Duration lease) {
    }

    private record Answer(String connectionId, byte[] keyHash, String owner, int status, byte[] body) {
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
        return claims.submit(new Claim(connectionId, keyHash, owner, lease))
                .compose(owned -> owned ? Future.succeededFuture(new Owned()) : read(connectionId, keyHash));
    }

    /**
     * Claims a batch in one statement; answers, per claim, whether it took its key. Two claims of one key in a
     * batch would make the statement touch a row twice, which Postgres refuses: only the first is inserted, and
     * the others read what it got (another request's key: in flight).
     */
    private Future<List<Boolean>> claimAll(List<Claim> batch) {
        Set<Key> seen = new HashSet<>();
        List<Claim> unique = batch.stream().filter(c -> seen.add(new Key(c.connectionId(), c.keyHash()))).toList();
        Tuple params = Tuple.of(
                unique.stream().map(Claim::connectionId).toArray(String[]::new),
                unique.stream().map(c -> Buffer.buffer(c.keyHash())).toArray(Buffer[]::new),
                unique.stream().map(Claim::owner).toArray(String[]::new),
                unique.stream().map(c -> c.lease().toMillis() / 1000.0).toArray(Double[]::new),
                (double) RETENTION.toSeconds());
        return pool.preparedQuery(CLAIM).execute(params).map(rows -> {
            Set<String> owners = new HashSet<>();
            rows.forEach(row -> owners.add(row.getString("owner")));
            return batch.stream().map(c -> owners.contains(c.owner())).toList();
        });
    }

    /** A key as Postgres compares it (a byte array's own equals is identity). */
    private record Key(String connectionId, ByteBuffer keyHash) {
        Key(String connectionId, byte[] keyHash) {
            this(connectionId, ByteBuffer.wrap(keyHash));
        }
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
        return answers.submit(new Answer(connectionId, keyHash, owner, status, body));
    }

    private Future<List<Void>> completeAll(List<Answer> batch) {
        Tuple params = Tuple.of(
                batch.stream().map(Answer::connectionId).toArray(String[]::new),
                batch.stream().map(a -> Buffer.buffer(a.keyHash())).toArray(Buffer[]::new),
                batch.stream().map(Answer::owner).toArray(String[]::new),
                batch.stream().map(Answer::status).toArray(Integer[]::new),
                batch.stream().map(a -> Buffer.buffer(a.body())).toArray(Buffer[]::new));
        return pool.preparedQuery(COMPLETE).execute(params).map(rows -> Collections.nCopies(batch.size(), null));
    }

    /** Gives the key up without an answer (the request failed transiently), so a retry can take it. */
    public Future<Void> release(String connectionId, byte[] keyHash, String owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(connectionId, Buffer.buffer(keyHash), owner)).mapEmpty();
    }

    public Future<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(rows -> rows.rowCount());
    }
}
