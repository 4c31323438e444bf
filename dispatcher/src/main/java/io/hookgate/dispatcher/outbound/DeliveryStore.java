package io.hookgate.dispatcher.outbound;

import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.concurrent.Coalescer;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The delivery schedule in PostgreSQL. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} under a
 * lease (a fresh uuid, and the next attempt pushed past the lease's end): workers never claim the same row
 * twice at once, a worker that dies loses nothing (the lease runs out and the row is due again), and a
 * result is only written by the worker whose lease is still on the row. Awaits: call from a virtual thread.
 */
final class DeliveryStore {
    private static final int MAX_SETTLE_BATCH = 256;
    private static final int SETTLES_IN_FLIGHT = 2;
    /**
     * The earliest due deliveries that fit this worker's lanes. Endpoints it already serves ($3, with the room
     * left in each, $4) are refilled from their own rows, one index read per endpoint; other endpoints ($5 lists
     * every served one) are only looked for when $6 asks, with the due backlog's earliest rows ($7 per endpoint),
     * because that scan walks past the served endpoints' rows and grows with the backlog.
     *
     * <p>Its plan must not depend on the queue's statistics, which autovacuum takes while the queue is drained and a
     * burst then outgrows: planned on such statistics, the earlier form walked {@code webhook_deliveries_due} in time
     * order for each endpoint and each candidate (one claim of 256 took 456 s at a 30,000-row backlog, 1.3 ms per
     * row in the bench; now 0.6 ms per claim either way). So each step is materialised once, an endpoint's rows are
     * read through {@code webhook_deliveries_endpoint_pending} only (its predicate, {@code status NOT IN (…)}, is
     * spelt so that {@code webhook_deliveries_due}'s cannot serve the same condition), and the chosen rows are locked
     * and updated by primary key, their state checked once they are locked. DeliveryStoreTest holds a claim planned on
     * a drained queue's statistics to the blocks its rows need.
     */
    static final String CLAIM = """
            WITH served AS MATERIALIZED (
                SELECT w.id, w.next_attempt_at FROM unnest($3::uuid[], $4::int[]) AS lane(endpoint_id, room)
                 CROSS JOIN LATERAL (SELECT id, next_attempt_at FROM webhook_deliveries
                                      WHERE endpoint_id = lane.endpoint_id AND status NOT IN ('SUCCEEDED', 'FAILED')
                                        AND next_attempt_at <= now()
                                      ORDER BY next_attempt_at LIMIT lane.room) w),
            discovered AS MATERIALIZED (
                SELECT id, next_attempt_at FROM (SELECT id, next_attempt_at, row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at) AS n
                                  FROM (SELECT id, endpoint_id, next_attempt_at FROM webhook_deliveries
                                         WHERE $6 AND status = 'PENDING' AND next_attempt_at <= now() AND NOT (endpoint_id = ANY($5))
                                         ORDER BY next_attempt_at LIMIT $2 * 8) earliest) numbered
                 WHERE n <= $7),
            candidates AS MATERIALIZED (
                SELECT id FROM (SELECT id, next_attempt_at FROM served UNION ALL SELECT id, next_attempt_at FROM discovered) c
                 ORDER BY next_attempt_at LIMIT $2),
            due AS (
                SELECT id, status, next_attempt_at FROM webhook_deliveries
                 WHERE id = ANY(ARRAY(SELECT id FROM candidates)) FOR UPDATE SKIP LOCKED)
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $1), lease = $8, updated_at = now()
              FROM due WHERE d.id = ANY(ARRAY(SELECT id FROM due)) AND d.id = due.id
               AND due.status = 'PENDING' AND due.next_attempt_at <= now()
            RETURNING d.id, d.endpoint_id, d.organisation_id, d.environment, d.event_type, d.payload, d.attempts, due.next_attempt_at AS due_at""";
    /**
     * One delivery per active endpoint of each event's organisation and environment that subscribes to its type
     * (exact, or {@code flow.*}), idempotently per endpoint and event, in one statement for a batch of events. Up to
     * the room the worker offers in each endpoint's lane ($6 with $7, $8 for an endpoint it has no lane for; none
     * without an offer: no lanes, $8 = 0), deliveries are not written here but returned, unwritten, for the worker's
     * first attempt: the row is written once, with that attempt's result ({@link #INSERT_SETTLED}), instead of inserted,
     * then rewritten with the result. Those already written (a batch consumed again) are left as they are and not
     * returned. The rest are written due at once, for whichever worker claims them. A delivery's id is derived from
     * its endpoint and event, so that a batch consumed again after a crash sends an unwritten delivery with the
     * {@code webhook-id} its receiver may already have seen.
     */
    static final String SCHEDULE = """
            WITH events AS MATERIALIZED (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])
                       WITH ORDINALITY AS ev(organisation_id, environment, event_id, event_type, body, n)),
            targets AS MATERIALIZED (
                SELECT ev.*, e.id AS endpoint_id, md5(e.id::text || '/' || ev.event_id)::uuid AS id,
                       row_number() OVER (PARTITION BY e.id ORDER BY ev.n) <= coalesce(lane.room, $8) AS offered
                  FROM events ev
                  JOIN webhook_endpoints e ON e.organisation_id = ev.organisation_id AND e.environment = ev.environment
                   AND e.active AND e.deleted_at IS NULL
                   AND (ev.event_type = ANY(e.events) OR ('flow.*' = ANY(e.events) AND ev.event_type LIKE 'flow.%'))
                  LEFT JOIN unnest($6::uuid[], $7::int[]) AS lane(endpoint_id, room) ON lane.endpoint_id = e.id),
            queued AS (
                INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, environment, event_id, event_type, payload, status)
                SELECT id, endpoint_id, organisation_id, environment, event_id, event_type, body, 'PENDING'
                  FROM targets WHERE NOT offered ORDER BY n, endpoint_id
                ON CONFLICT (endpoint_id, event_id) DO NOTHING
                RETURNING id, endpoint_id)
            SELECT t.id, t.endpoint_id, t.organisation_id, t.environment, t.event_id, t.event_type, true AS unwritten, t.n
              FROM targets t
             WHERE t.offered AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = t.endpoint_id AND d.event_id = t.event_id)
            UNION ALL
            SELECT id, endpoint_id, NULL, NULL, NULL, NULL, false, NULL FROM queued
            ORDER BY n""";
    /**
     * Deliveries not written yet, written with their first attempt's verdict (or due at once, given back untried);
     * returns those written here (a row already there for the endpoint and event, from a batch consumed twice, wins).
     */
    private static final String INSERT_SETTLED = """
            INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, environment, event_id, event_type, payload, status,
                                            attempts, next_attempt_at)
            SELECT u.id, u.endpoint, u.organisation, u.environment, u.event, u.type, u.payload, u.status, u.attempts,
                   CASE WHEN u.status = 'PENDING' THEN now() + make_interval(secs => u.delay) ELSE now() END
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::text[], $9::int[],
                          $10::float8[]) AS u(id, endpoint, organisation, environment, event, type, payload, status, attempts, delay)
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            RETURNING id""";
    private static final String RELEASE = """
            UPDATE webhook_deliveries d SET next_attempt_at = u.due_at, lease = NULL
              FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(id, lease, due_at)
             WHERE d.id = u.id AND d.lease = u.lease""";
    private static final String ENDPOINTS = """
            SELECT e.id, e.url, e.auth_token, e.basic_auth, e.extra_headers, e.max_attempts, e.active AND e.deleted_at IS NULL AS usable,
                   (SELECT array_agg(s.secret ORDER BY s.created_at DESC) FROM webhook_endpoint_secrets s
                     WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
              FROM webhook_endpoints e WHERE e.id = ANY($1)""";
    /** A batch of attempts in one statement (one array per column). */
    private static final String ATTEMPTS = """
            INSERT INTO webhook_attempts (id, attempted_at, delivery_id, endpoint_id, attempt, request_headers, status,
                                          response_excerpt, latency_ms, error)
            SELECT u.id, u.at, u.delivery, u.endpoint, u.attempt, u.headers::jsonb, u.status, u.excerpt, u.latency, u.error
              FROM unnest($1::text[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::int[], $8::text[],
                          $9::int[], $10::text[]) AS u(id, at, delivery, endpoint, attempt, headers, status, excerpt, latency, error)""";
    /** A batch of verdicts in one statement; returns the deliveries whose lease was still ours. */
    private static final String SETTLE_ALL = """
            UPDATE webhook_deliveries d SET status = u.status, attempts = u.attempts, lease = NULL, updated_at = now(),
                   next_attempt_at = CASE WHEN u.status = 'PENDING' THEN now() + make_interval(secs => u.delay) ELSE d.next_attempt_at END
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::float8[]) AS u(id, lease, status, attempts, delay)
             WHERE d.id = u.id AND d.lease = u.lease
            RETURNING d.id""";
    private static final String HEALTHY_ALL = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ANY($1) AND failing_since IS NOT NULL";
    private static final String FAILING = """
            UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1
            RETURNING failing_since < now() - make_interval(secs => $2) AS too_long""";
    private static final String DISABLE = """
            UPDATE webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now()
             WHERE id = $1 AND active RETURNING organisation_id, environment, url""";

    private static final String BACKLOG = """
            SELECT count(*) AS due, coalesce(extract(epoch FROM now() - min(next_attempt_at)) * 1000, 0)::bigint AS oldest
              FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()""";

    private final Pool pool;
    private final Clock clock;
    private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();
    /**
     * Settles that arrive while others commit wait and go together in the next transaction (group commit), and up to
     * {@link #SETTLES_IN_FLIGHT} transactions commit at once: with one at a time, a worker's results were recorded no
     * faster than one transaction's round trips and commit allowed, whatever the box had to spare.
     */
    private final Coalescer<PendingSettle, Settled> settles = new Coalescer<>(MAX_SETTLE_BATCH, SETTLES_IN_FLIGHT, this::settleBatch);

    DeliveryStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * A claimed delivery: its row, the lease that lets this worker settle it, and when (nano clock) it was claimed; or a
     * delivery offered by the fan-out and not written yet, without a lease (no row holds one), {@code written} then
     * completed once it is, or failed when it cannot be: its event is consumed again.
     */
    record Claim(UUID id, UUID lease, UUID endpointId, String organisationId, String environment, String eventId, String eventType,
                 byte[] payload, int attemptsSoFar, OffsetDateTime dueAt, long claimedAtNanos, Promise<Void> written) {
        /** Whether the delivery has no row yet: it is written with its first attempt's result, or due when given back. */
        boolean unwritten() {
            return written != null;
        }

        /** The delivery will not be written by this worker: its event must be consumed again. No-op for a claimed row. */
        void abandoned(Throwable why) {
            if (written != null) {
                written.tryFail(why);
            }
        }
    }

    /** The endpoint as a delivery needs it; sealed values stay sealed until the processor opens them. */
    record Endpoint(String url, byte[] sealedToken, byte[] sealedBasicAuth, byte[] sealedHeaders, Integer maxAttempts, boolean usable,
                    List<byte[]> sealedSecrets) {
    }

    /**
     * Claims up to {@code limit} due deliveries under a new lease, fitting the worker's lanes.
     *
     * @param laneRoom    how many more each endpoint with room in the worker's lanes may take
     * @param served      every endpoint with a lane in the worker, full or not
     * @param newLaneRoom how many an endpoint without a lane may take; 0 = look for no other endpoints
     */
    List<Claim> claim(int limit, Map<UUID, Integer> laneRoom, Collection<UUID> served, int newLaneRoom, Duration lease) {
        UUID leaseId = UUID.randomUUID();
        long claimedAt = System.nanoTime(); // before the claim: the local deadline never trails the database's lease
        List<Claim> claims = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(claimParams(limit, laneRoom, served, newLaneRoom, lease, leaseId)).await()) {
            claims.add(new Claim(r.getUUID("id"), leaseId, r.getUUID("endpoint_id"), r.getString("organisation_id"),
                    r.getString("environment"), null, r.getString("event_type"), r.getBuffer("payload").getBytes(), r.getInteger("attempts"),
                    r.getOffsetDateTime("due_at"), claimedAt, null));
        }
        return claims;
    }

    /** {@link #CLAIM}'s parameters, in its order. */
    static Tuple claimParams(int limit, Map<UUID, Integer> laneRoom, Collection<UUID> served, int newLaneRoom, Duration lease, UUID leaseId) {
        return addLanes(Tuple.tuple().addDouble(seconds(lease)).addInteger(limit), laneRoom)
                .addArrayOfUUID(served.toArray(UUID[]::new)).addBoolean(newLaneRoom > 0).addInteger(newLaneRoom).addUUID(leaseId);
    }

    /** A duration as the statements' {@code make_interval(secs => …)} parameters take it, to the millisecond. */
    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Lanes and their room as two parameters, endpoint ids and room in the same order ({@code unnest($n::uuid[], $m::int[])}). */
    private static Tuple addLanes(Tuple params, Map<UUID, Integer> laneRoom) {
        List<Map.Entry<UUID, Integer>> lanes = List.copyOf(laneRoom.entrySet());
        return params.addArrayOfUUID(lanes.stream().map(Map.Entry::getKey).toArray(UUID[]::new))
                .addArrayOfInteger(lanes.stream().map(Map.Entry::getValue).toArray(Integer[]::new));
    }

    /** A platform event to fan out, and the body every subscribed endpoint is sent. */
    record Event(String organisationId, String environment, String eventId, String eventType, byte[] body) {
    }

    /**
     * What a worker can take on at once, for deliveries offered to it unwritten: the room left in each of its lanes
     * (full ones included, at 0) and what an endpoint without a lane may take.
     *
     * @param startedAtNanos the nano-clock time the offer was made: its deliveries' attempt deadline counts from it
     */
    record Offer(Map<UUID, Integer> laneRoom, int newLaneRoom, long startedAtNanos) {
        /** No room anywhere (no worker beside the fan-out, or none to spare): every delivery is scheduled due. */
        static final Offer NONE = new Offer(Map.of(), 0, 0);

        /**
         * The least room among these endpoints' lanes ({@link #newLaneRoom} for an endpoint without a lane, or when there
         * are none): how many deliveries of each fit every lane. A full lane counts as 0 (wait: a fast endpoint's lane
         * works off what it holds within moments), unless its endpoint is among {@code slow}, whose full lanes do not
         * count: their surplus is due, for a claim, rather than holding the others' deliveries back. 0 when all are full.
         */
        int leastOpenRoom(Collection<UUID> endpoints, Set<UUID> slow) {
            int least = Integer.MAX_VALUE;
            for (UUID endpoint : endpoints) {
                int room = laneRoom.getOrDefault(endpoint, newLaneRoom);
                if (room > 0) {
                    least = Math.min(least, room);
                } else if (!slow.contains(endpoint)) {
                    return 0;
                }
            }
            return endpoints.isEmpty() ? newLaneRoom : least == Integer.MAX_VALUE ? 0 : least;
        }

        /** Whether this endpoint's lane is full. */
        boolean full(UUID endpoint) {
            return laneRoom.getOrDefault(endpoint, newLaneRoom) <= 0;
        }
    }

    /**
     * What {@link #schedule} did: the deliveries offered to the worker (not written yet), how many it scheduled in all
     * (offered and written due), and to which endpoints.
     */
    record Scheduled(List<Claim> offered, int deliveries, Set<UUID> endpoints) {
        /** Completed once every offered delivery is written (failed when one will not be). */
        Future<Void> written() {
            return Future.all(offered.stream().map(c -> c.written().future()).toList()).mapEmpty();
        }
    }

    /**
     * Schedules the events' deliveries ({@link #SCHEDULE}); those that fit {@code offer} come back unwritten, as claims
     * without a lease, for the worker that made it to try first and then write; with {@link Offer#NONE} every delivery is
     * written due at once. An event already scheduled for an endpoint (a batch consumed again) is left as it is and not
     * returned.
     */
    Scheduled schedule(List<Event> events, Offer offer) {
        Map<String, byte[]> bodies = new HashMap<>();
        events.forEach(e -> bodies.putIfAbsent(e.eventId(), e.body()));
        Tuple params = addLanes(Tuple.tuple()
                .addArrayOfString(events.stream().map(Event::organisationId).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::environment).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::eventId).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::eventType).toArray(String[]::new))
                .addArrayOfBuffer(events.stream().map(e -> Buffer.buffer(e.body())).toArray(Buffer[]::new)), offer.laneRoom())
                .addInteger(offer.newLaneRoom());
        List<Claim> offered = new ArrayList<>();
        Set<UUID> endpoints = new HashSet<>();
        var rows = pool.preparedQuery(SCHEDULE).execute(params).await();
        for (Row r : rows) {
            endpoints.add(r.getUUID("endpoint_id"));
            if (r.getBoolean("unwritten")) {
                offered.add(new Claim(r.getUUID("id"), null, r.getUUID("endpoint_id"), r.getString("organisation_id"),
                        r.getString("environment"), r.getString("event_id"), r.getString("event_type"), bodies.get(r.getString("event_id")),
                        0, OffsetDateTime.now(clock), offer.startedAtNanos(), Promise.promise()));
            }
        }
        return new Scheduled(offered, rows.size(), endpoints);
    }

    /** Due deliveries nobody has claimed, and how long the oldest of them has waited. */
    record Backlog(long due, long oldestDueMillis) {
    }

    Backlog backlog() {
        Row r = pool.query(BACKLOG).execute().await().iterator().next();
        return new Backlog(r.getLong("due"), r.getLong("oldest"));
    }

    /** Gives claims back untouched: each due again when it was due before (an unwritten one is written due now). */
    void release(List<Claim> claims) {
        Map<Boolean, List<Claim>> byUnwritten = claims.stream().collect(Collectors.partitioningBy(Claim::unwritten));
        List<Claim> claimed = byUnwritten.get(false);
        List<Claim> unwritten = byUnwritten.get(true);
        if (!unwritten.isEmpty()) {
            try {
                pool.preparedQuery(INSERT_SETTLED).execute(insertParams(unwritten.stream()
                        .map(c -> new PendingSettle(c, null, RetryPolicy.Verdict.DUE_NOW, null)).toList())).await();
                unwritten.forEach(c -> c.written().tryComplete());
            } catch (RuntimeException e) {
                unwritten.forEach(c -> c.abandoned(e));
                throw e;
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        pool.preparedQuery(RELEASE).execute(Tuple.of(claimed.stream().map(Claim::id).toArray(UUID[]::new),
                claimed.stream().map(Claim::lease).toArray(UUID[]::new),
                claimed.stream().map(Claim::dueAt).toArray(OffsetDateTime[]::new))).await();
    }

    /** The endpoints of a claimed batch, read at once; an id missing from the answer is an endpoint that no longer exists. */
    Map<UUID, Endpoint> endpoints(Collection<UUID> ids) {
        Map<UUID, Endpoint> endpoints = new HashMap<>();
        for (Row r : pool.preparedQuery(ENDPOINTS).execute(Tuple.of(ids.toArray(UUID[]::new))).await()) {
            List<byte[]> secrets = new ArrayList<>();
            Buffer[] sealed = r.getArrayOfBuffers("secrets");
            if (sealed != null) {
                for (Buffer secret : sealed) {
                    secrets.add(secret.getBytes());
                }
            }
            endpoints.put(r.getUUID("id"), new Endpoint(r.getString("url"), bytes(r, "auth_token"), bytes(r, "basic_auth"),
                    bytes(r, "extra_headers"), r.getInteger("max_attempts"), r.getBoolean("usable"), secrets));
        }
        return endpoints;
    }

    /** The attempt as logged: masked headers, the receiver's answer or the error class. */
    record AttemptLog(int attempt, JsonObject maskedHeaders, AttemptResult result) {
    }

    /** Whether the endpoint has been failing longer than {@code threshold}, counting this failure. */
    boolean markFailing(UUID endpointId, Duration threshold) {
        var rows = pool.preparedQuery(FAILING).execute(Tuple.of(endpointId, seconds(threshold))).await();
        return rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("too_long"));
    }

    /**
     * Records an attempt (when one was made) and applies the verdict. The attempt is logged even when the
     * lease was lost (it did happen); the delivery only changes under our lease. Settles are batched
     * ({@link #settles}): a few statements per batch instead of five round trips per delivery.
     *
     * @return false when another worker holds the delivery now
     */
    boolean settle(Claim claim, AttemptLog attempt, RetryPolicy.Verdict verdict) {
        Instant now = clock.instant();
        if (attempt != null) {
            ensurePartition(now);
        }
        Settled settled = settles.submit(new PendingSettle(claim, attempt, verdict, now.atOffset(ZoneOffset.UTC))).await();
        if (settled.failure() != null) {
            IllegalStateException failed = new IllegalStateException("recording delivery " + claim.id() + " failed", settled.failure());
            claim.abandoned(failed);
            throw failed;
        }
        if (claim.unwritten()) {
            claim.written().tryComplete();
        }
        return settled.applied();
    }

    private record PendingSettle(Claim claim, AttemptLog attempt, RetryPolicy.Verdict verdict, OffsetDateTime at) {
        int attempts() {
            return attempt == null ? claim.attemptsSoFar() : attempt.attempt();
        }

        double delaySeconds() {
            return verdict.delay() == null ? 0.0 : seconds(verdict.delay());
        }
    }

    /** {@link #INSERT_SETTLED}'s parameters: unwritten deliveries with their verdicts. */
    private static Tuple insertParams(List<PendingSettle> settles) {
        return Tuple.of(settles.stream().map(p -> p.claim().id()).toArray(UUID[]::new),
                settles.stream().map(p -> p.claim().endpointId()).toArray(UUID[]::new),
                settles.stream().map(p -> p.claim().organisationId()).toArray(String[]::new),
                settles.stream().map(p -> p.claim().environment()).toArray(String[]::new),
                settles.stream().map(p -> p.claim().eventId()).toArray(String[]::new),
                settles.stream().map(p -> p.claim().eventType()).toArray(String[]::new),
                settles.stream().map(p -> Buffer.buffer(p.claim().payload())).toArray(Buffer[]::new),
                settles.stream().map(p -> p.verdict().deliveryStatus()).toArray(String[]::new),
                settles.stream().map(PendingSettle::attempts).toArray(Integer[]::new),
                settles.stream().map(PendingSettle::delaySeconds).toArray(Double[]::new));
    }

    /** One settle's outcome within its batch: applied under our lease or not, or why it could not be recorded. */
    private record Settled(boolean applied, Throwable failure) {
    }

    /** A batch of settles in one transaction; if it fails, each settles on its own, so one bad row fails none of its batch-mates. */
    private Future<List<Settled>> settleBatch(List<PendingSettle> batch) {
        return pool.withTransaction(tx -> settleAll(tx, batch))
                .map(applied -> batch.stream().map(p -> new Settled(applied.contains(p.claim().id()), null)).toList())
                .recover(e -> Future.join(batch.stream().map(p -> pool.withTransaction(tx -> settleAll(tx, List.of(p)))
                                .map(applied -> new Settled(!applied.isEmpty(), null))
                                .otherwise(failure -> new Settled(false, failure))).toList())
                        .map(all -> all.<Settled>list()));
    }

    private Future<Set<UUID>> settleAll(SqlConnection tx, List<PendingSettle> batch) {
        List<PendingSettle> attempted = batch.stream().filter(p -> p.attempt() != null).toList();
        Future<Void> logged = attempted.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(ATTEMPTS).execute(Tuple.of(
                attempted.stream().map(p -> IdKind.RECORD.generate()).toArray(String[]::new),
                attempted.stream().map(PendingSettle::at).toArray(OffsetDateTime[]::new),
                attempted.stream().map(p -> p.claim().id()).toArray(UUID[]::new),
                attempted.stream().map(p -> p.claim().endpointId()).toArray(UUID[]::new),
                attempted.stream().map(p -> p.attempt().attempt()).toArray(Integer[]::new),
                attempted.stream().map(p -> p.attempt().maskedHeaders().encode()).toArray(String[]::new),
                attempted.stream().map(p -> p.attempt().result().status()).toArray(Integer[]::new),
                attempted.stream().map(p -> p.attempt().result().excerpt()).toArray(String[]::new),
                attempted.stream().map(p -> (int) Math.min(Integer.MAX_VALUE, p.attempt().result().latencyMs())).toArray(Integer[]::new),
                attempted.stream().map(p -> p.attempt().result().error()).toArray(String[]::new))).mapEmpty();
        Map<Boolean, List<PendingSettle>> byUnwritten = batch.stream().collect(Collectors.partitioningBy(p -> p.claim().unwritten()));
        List<PendingSettle> claimed = byUnwritten.get(false);
        List<PendingSettle> unwritten = byUnwritten.get(true);
        Set<UUID> applied = new HashSet<>();
        Future<Void> updated = claimed.isEmpty() ? logged : logged.compose(v -> appliedIds(tx.preparedQuery(SETTLE_ALL).execute(Tuple.of(
                claimed.stream().map(p -> p.claim().id()).toArray(UUID[]::new),
                claimed.stream().map(p -> p.claim().lease()).toArray(UUID[]::new),
                claimed.stream().map(p -> p.verdict().deliveryStatus()).toArray(String[]::new),
                claimed.stream().map(PendingSettle::attempts).toArray(Integer[]::new),
                claimed.stream().map(PendingSettle::delaySeconds).toArray(Double[]::new))), applied));
        Future<Void> inserted = unwritten.isEmpty() ? updated
                : updated.compose(v -> appliedIds(tx.preparedQuery(INSERT_SETTLED).execute(insertParams(unwritten)), applied));
        return inserted
                .compose(v -> {
                    List<PendingSettle> settled = batch.stream().filter(p -> applied.contains(p.claim().id())).toList();
                    // Sorted: concurrent batches of other workers lock endpoint rows in the same order.
                    UUID[] healthy = settled.stream().filter(p -> p.verdict().step() == RetryPolicy.Step.SUCCEEDED)
                            .map(p -> p.claim().endpointId()).distinct().sorted().toArray(UUID[]::new);
                    Future<Void> health = healthy.length == 0 ? Future.succeededFuture()
                            : tx.preparedQuery(HEALTHY_ALL).execute(Tuple.of((Object) healthy)).mapEmpty();
                    for (PendingSettle p : settled) {
                        if (p.verdict().step() == RetryPolicy.Step.DISABLE) {
                            health = health.compose(h -> disable(tx, p.claim().endpointId(), p.verdict().disableReason()));
                        }
                    }
                    return health.map(applied);
                });
    }

    /** Adds the ids a statement returned (the deliveries it applied a verdict to) to {@code applied}. */
    private static Future<Void> appliedIds(Future<RowSet<Row>> statement, Set<UUID> applied) {
        return statement.map(rows -> {
            rows.forEach(r -> applied.add(r.getUUID("id")));
            return null;
        });
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
