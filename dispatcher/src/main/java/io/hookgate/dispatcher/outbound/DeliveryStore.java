package io.hookgate.dispatcher.outbound;

import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery schedule in PostgreSQL. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} under a
 * lease (a fresh uuid, and the next attempt pushed past the lease's end): workers never claim the same row
 * twice at once, a worker that dies loses nothing (the lease runs out and the row is due again), and a
 * result is only written by the worker whose lease is still on the row. Awaits: call from a virtual thread.
 */
final class DeliveryStore {
    private static final String CLAIM = """
            WITH due AS (
                SELECT id, next_attempt_at FROM webhook_deliveries
                 WHERE status = 'PENDING' AND next_attempt_at <= now() AND NOT (endpoint_id = ANY($3))
                 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $1), lease = $4, updated_at = now()
              FROM due WHERE d.id = due.id
            RETURNING d.id, d.endpoint_id, d.organisation_id, d.environment, d.event_type, d.payload, d.attempts, due.next_attempt_at AS due_at""";
    private static final String RELEASE = "UPDATE webhook_deliveries SET next_attempt_at = $3, lease = NULL WHERE id = $1 AND lease = $2";
    private static final String ENDPOINT = """
            SELECT e.url, e.auth_token, e.basic_auth, e.extra_headers, e.max_attempts, e.active AND e.deleted_at IS NULL AS usable,
                   (SELECT array_agg(s.secret ORDER BY s.created_at DESC) FROM webhook_endpoint_secrets s
                     WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
              FROM webhook_endpoints e WHERE e.id = $1""";
    private static final String ATTEMPT = """
            INSERT INTO webhook_attempts (id, attempted_at, delivery_id, endpoint_id, attempt, request_headers, status,
                                          response_excerpt, latency_ms, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    private static final String HEALTHY = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL";
    private static final String FAILING = """
            UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1
            RETURNING failing_since < now() - make_interval(secs => $2) AS too_long""";
    private static final String SETTLE = """
            UPDATE webhook_deliveries SET status = $3, attempts = $4, lease = NULL, updated_at = now(),
                   next_attempt_at = CASE WHEN $3 = 'PENDING' THEN now() + make_interval(secs => $5) ELSE next_attempt_at END
             WHERE id = $1 AND lease = $2""";
    private static final String DISABLE = """
            UPDATE webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now()
             WHERE id = $1 AND active RETURNING organisation_id, environment, url""";

    private static final String BACKLOG = """
            SELECT count(*) AS due, coalesce(extract(epoch FROM now() - min(next_attempt_at)) * 1000, 0)::bigint AS oldest
              FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()""";

    private final Pool pool;
    private final Clock clock;
    private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();

    DeliveryStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** A claimed delivery: its row, the lease that lets this worker settle it, and when (nano clock) it was claimed. */
    record Claim(UUID id, UUID lease, UUID endpointId, String organisationId, String environment, String eventType, byte[] payload,
                 int attemptsSoFar, OffsetDateTime dueAt, long claimedAtNanos) {
    }

    /** The endpoint as a delivery needs it; sealed values stay sealed until the processor opens them. */
    record Endpoint(String url, byte[] sealedToken, byte[] sealedBasicAuth, byte[] sealedHeaders, Integer maxAttempts, boolean usable,
                    List<byte[]> sealedSecrets) {
    }

    List<Claim> claim(int limit, Collection<UUID> excludedEndpoints, Duration lease) {
        UUID leaseId = UUID.randomUUID();
        long claimedAt = System.nanoTime(); // before the claim: the local deadline never trails the database's lease
        List<Claim> claims = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(Tuple.of(lease.toMillis() / 1000.0, limit,
                excludedEndpoints.toArray(UUID[]::new), leaseId)).await()) {
            claims.add(new Claim(r.getUUID("id"), leaseId, r.getUUID("endpoint_id"), r.getString("organisation_id"),
                    r.getString("environment"), r.getString("event_type"), r.getBuffer("payload").getBytes(), r.getInteger("attempts"),
                    r.getOffsetDateTime("due_at"), claimedAt));
        }
        return claims;
    }

    /** Due deliveries nobody has claimed, and how long the oldest of them has waited. */
    record Backlog(long due, long oldestDueMillis) {
    }

    Backlog backlog() {
        Row r = pool.query(BACKLOG).execute().await().iterator().next();
        return new Backlog(r.getLong("due"), r.getLong("oldest"));
    }

    /** Gives a claim back untouched: due again when it was due before. */
    void release(Claim claim) {
        pool.preparedQuery(RELEASE).execute(Tuple.of(claim.id(), claim.lease(), claim.dueAt())).await();
    }

    Optional<Endpoint> endpoint(UUID id) {
        var rows = pool.preparedQuery(ENDPOINT).execute(Tuple.of(id)).await();
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        List<byte[]> secrets = new ArrayList<>();
        Buffer[] sealed = r.getArrayOfBuffers("secrets");
        if (sealed != null) {
            for (Buffer s : sealed) {
                secrets.add(s.getBytes());
            }
        }
        return Optional.of(new Endpoint(r.getString("url"), bytes(r, "auth_token"), bytes(r, "basic_auth"), bytes(r, "extra_headers"),
                r.getInteger("max_attempts"), r.getBoolean("usable"), secrets));
    }

    /** The attempt as logged: masked headers, the receiver's answer or the error class. */
    record AttemptLog(int attempt, JsonObject maskedHeaders, AttemptResult result) {
    }

    /** Whether the endpoint has been failing longer than {@code threshold}, counting this failure. */
    boolean markFailing(UUID endpointId, Duration threshold) {
        var rows = pool.preparedQuery(FAILING).execute(Tuple.of(endpointId, threshold.toMillis() / 1000.0)).await();
        return rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("too_long"));
    }

    /**
     * Records an attempt (when one was made) and applies the verdict, in one transaction. The attempt is
     * logged even when the lease was lost (it did happen); the delivery only changes under our lease.
     *
     * @return false when another worker holds the delivery now
     */
    boolean settle(Claim claim, AttemptLog attempt, RetryPolicy.Verdict verdict) {
        Instant now = clock.instant();
        if (attempt != null) {
            ensurePartition(now);
        }
        return pool.withTransaction(tx -> {
            var logged = attempt == null ? Future.<Void>succeededFuture() : tx.preparedQuery(ATTEMPT).execute(Tuple.tuple()
                    .addString(IdKind.RECORD.generate()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)).addUUID(claim.id())
                    .addUUID(claim.endpointId()).addInteger(attempt.attempt()).addJsonObject(attempt.maskedHeaders())
                    .addInteger(attempt.result().status()).addString(attempt.result().excerpt())
                    .addInteger((int) Math.min(Integer.MAX_VALUE, attempt.result().latencyMs())).addString(attempt.result().error())).<Void>mapEmpty();
            return logged.compose(v -> tx.preparedQuery(SETTLE).execute(Tuple.of(claim.id(), claim.lease(), verdict.deliveryStatus(),
                            attempt == null ? claim.attemptsSoFar() : attempt.attempt(),
                            verdict.delay() == null ? 0.0 : verdict.delay().toMillis() / 1000.0)))
                    .compose(updated -> {
                        if (updated.rowCount() == 0) {
                            return Future.succeededFuture(false);
                        }
                        var health = verdict.step() == RetryPolicy.Step.SUCCEEDED
                                ? tx.preparedQuery(HEALTHY).execute(Tuple.of(claim.endpointId())).<Void>mapEmpty()
                                : Future.<Void>succeededFuture();
                        return health.compose(h -> verdict.step() == RetryPolicy.Step.DISABLE
                                ? disable(tx, claim.endpointId(), verdict.disableReason()) : Future.succeededFuture())
                                .map(true);
                    });
        }).await();
    }

    /** Deactivates the endpoint and announces it with an {@code endpoint.disabled} event (through the outbox). */
    private Future<Void> disable(SqlConnection tx, UUID endpointId, String reason) {
        return tx.preparedQuery(DISABLE).execute(Tuple.of(endpointId, reason)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture();
            }
            Row row = rows.iterator().next();
            OutboxMessage event = OutboxMessage.of(new PlatformEvent(IdKind.EVENT.generate(), "endpoint.disabled",
                    row.getString("organisation_id"), Environment.valueOf(row.getString("environment")), clock.instant(),
                    new JsonObject().put("endpoint_id", endpointId.toString()).put("url", row.getString("url")).put("reason", reason)
                            .toBuffer().getBytes()));
            return tx.preparedQuery(OutboxMessage.INSERT).execute(Tuple.of(event.topic(), event.key(), new JsonObject(event.headersJson()),
                    Buffer.buffer(event.payload()))).mapEmpty();
        });
    }

    /**
     * Makes sure the attempt log has a partition for {@code now}'s day (and the next, so that attempts just after
     * midnight find theirs). The day is only marked known once its partition exists: until then every concurrent
     * attempt of a new day waits for the (idempotent) creation itself, instead of inserting into a partition
     * another attempt is still creating.
     */
    private void ensurePartition(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!knownDays.contains(day)) {
            pool.preparedQuery("SELECT hookgate_ensure_day_partition('webhook_attempts', $1)")
                    .executeBatch(List.of(Tuple.of(day), Tuple.of(day.plusDays(1)))).await();
            knownDays.add(day);
            knownDays.removeIf(d -> d.isBefore(day.minusDays(1)));
        }
    }

    private static byte[] bytes(Row r, String column) {
        Buffer b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }
}
