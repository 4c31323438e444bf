package io.hookgate.dispatcher.outbound;

import io.hookgate.dispatcher.TestPostgres;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery store against PostgreSQL: settles committed together under concurrent attempts, and the attempt log's day partitions. */
class DeliveryStoreTest {
    private static final PgSettings PG = TestPostgres.settings("_delivery_store");
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        pool = TestPostgres.migratedPool(vertx, PG, 8);
    }

    @AfterAll
    static void stop() {
        await(pool.close());
        await(vertx.close());
    }

    @Test
    void theFirstAttemptsOfANewDayAllFindTheirPartitionEvenWhenTheyArriveTogether() throws Exception {
        // A day no data has ever had: its partition does not exist yet, as at midnight.
        LocalDate day = LocalDate.of(2040, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3_000));
        UUID endpoint = endpointWithDueDeliveries(32);
        DeliveryStore store = new DeliveryStore(pool, Clock.fixed(day.atTime(0, 0, 1).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        try {
            List<DeliveryStore.Claim> claims = claimAll(store, endpoint, 32);

            assertThat(settleTogether(store, claims, claim -> "ok")).hasSize(32).containsOnly(true);
            assertThat(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", endpoint)).isEqualTo(32);
            assertThat(partitionExists(day.plusDays(1))).as("the next day's partition is made ahead of midnight").isTrue();
        } finally {
            deleteEndpoint(endpoint);
            for (LocalDate d : List.of(day, day.plusDays(1))) {
                await(pool.query("DROP TABLE IF EXISTS " + partition(d)).execute());
            }
        }
    }

    @Test
    void settlesCommittedTogetherApplyOnlyUnderTheirOwnLeaseAndLogEveryAttempt() throws Exception {
        UUID endpoint = endpointWithDueDeliveries(24);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        try {
            List<DeliveryStore.Claim> claims = claimAll(store, endpoint, 24);
            DeliveryStore.Claim taken = claims.getFirst();
            // Another worker's lease now: this worker's result must be logged but not applied.
            await(pool.preparedQuery("UPDATE webhook_deliveries SET lease = $2 WHERE id = $1").execute(Tuple.of(taken.id(), UUID.randomUUID())));

            List<Boolean> applied = settleTogether(store, claims, claim -> "ok");

            assertThat(applied.getFirst()).as("the delivery another worker holds").isFalse();
            assertThat(applied.subList(1, applied.size())).as("the others").containsOnly(true);
            assertThat(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", endpoint)).isEqualTo(24);
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'SUCCEEDED' AND lease IS NULL", endpoint))
                    .isEqualTo(23);
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    @Test
    void aSettleThePoolRefusesFailsAloneNotTheBatchItWasCommittedWith() throws Exception {
        UUID endpoint = endpointWithDueDeliveries(24);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        try {
            List<DeliveryStore.Claim> claims = claimAll(store, endpoint, 24);
            DeliveryStore.Claim poisoned = claims.get(12);
            // PostgreSQL refuses NUL in text: the one attempt whose excerpt holds one cannot be written.
            List<Boolean> applied = settleTogether(store, claims, claim -> claim == poisoned ? "bad\0answer" : "ok");

            assertThat(applied.get(12)).as("the refused settle").isNull();
            assertThat(applied).filteredOn(a -> a != null).as("its batch-mates").hasSize(23).containsOnly(true);
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'SUCCEEDED'", endpoint)).isEqualTo(23);
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    @Test
    void aClaimTakesNoMoreOfAnEndpointsDeliveriesThanItsLaneHasRoomFor() throws Exception {
        UUID endpoint = endpointWithDueDeliveries(10);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        Duration lease = Duration.ofMinutes(5);
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(mine(thread.submit(() -> store.claim(64, Map.of(), List.of(), 3, lease)).get(), endpoint, store, thread))
                    .as("an endpoint without a lane: a new lane's room").isEqualTo(3);
            assertThat(mine(thread.submit(() -> store.claim(64, Map.of(endpoint, 1), List.of(endpoint), 3, lease)).get(), endpoint, store, thread))
                    .as("a lane with room: what is left of it").isEqualTo(1);
            assertThat(mine(thread.submit(() -> store.claim(64, Map.of(), List.of(endpoint), 3, lease)).get(), endpoint, store, thread))
                    .as("a full lane: none").isZero();
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    @Test
    void refillsTheLanesItServesFromEachEndpointsOwnRowsAndLooksForOtherEndpointsOnlyWhenAsked() throws Exception {
        UUID served = endpointWithDueDeliveries(6);
        UUID other = endpointWithDueDeliveries(6);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        Duration lease = Duration.ofMinutes(5);
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            List<DeliveryStore.Claim> refill = thread.submit(() -> store.claim(64, Map.of(served, 4), List.of(served), 0, lease)).get();
            assertThat(refill).as("only the served lane's rows, as many as it has room for")
                    .extracting(DeliveryStore.Claim::endpointId).containsOnly(served).hasSize(4);

            List<DeliveryStore.Claim> discovering = thread.submit(() -> store.claim(64, Map.of(served, 2), List.of(served), 5, lease)).get();
            assertThat(discovering.stream().filter(c -> c.endpointId().equals(served))).as("the served lane's last two").hasSize(2);
            assertThat(discovering.stream().filter(c -> c.endpointId().equals(other))).as("a new lane's room of the other").hasSize(5);
            thread.submit(() -> store.release(discovering.stream().filter(c -> !c.endpointId().equals(served) && !c.endpointId().equals(other)).toList())).get();
        } finally {
            deleteEndpoint(served);
            deleteEndpoint(other);
        }
    }

    @Test
    void aClaimPlannedOnStatisticsOfADrainedQueueReadsOnlyAroundTheRowsItTakes() throws Exception {
        // Autovacuum analyses a queue while it is drained; then a burst arrives that its statistics know nothing of.
        await(pool.query("ANALYZE webhook_deliveries").execute());
        UUID first = endpointWithDueDeliveries(4_000);
        UUID second = endpointWithDueDeliveries(4_000);
        try {
            JsonObject plan = await(pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + DeliveryStore.CLAIM)
                    .execute(DeliveryStore.claimParams(64, Map.of(first, 16, second, 16), List.of(first, second), 0,
                            Duration.ofMinutes(5), UUID.randomUUID()))).iterator().next().getJsonArray(0).getJsonObject(0);

            JsonObject top = plan.getJsonObject("Plan");
            long buffers = top.getLong("Shared Hit Blocks") + top.getLong("Shared Read Blocks");
            assertThat(top.getLong("Actual Rows")).as("both lanes refilled").isEqualTo(32);
            // Each claimed row costs its reads and its index entries; a plan that walks the 8,000 due rows per
            // endpoint or per candidate reads tens of thousands of blocks (hundreds of millions before this test).
            assertThat(buffers).as("blocks read for 32 claimed rows of 8,000 due").isLessThan(2_000);
        } finally {
            deleteEndpoint(first);
            deleteEndpoint(second);
        }
    }

    /** How many of the claims are this endpoint's; the others (older tests' leftovers) go back. */
    private static long mine(List<DeliveryStore.Claim> claims, UUID endpoint, DeliveryStore store, ExecutorService thread) throws Exception {
        List<DeliveryStore.Claim> others = claims.stream().filter(c -> !c.endpointId().equals(endpoint)).toList();
        thread.submit(() -> store.release(others)).get();
        return claims.size() - others.size();
    }

    /** Settles every claim at once from its own virtual thread; null where the settle threw. */
    private static List<Boolean> settleTogether(DeliveryStore store, List<DeliveryStore.Claim> claims,
                                                java.util.function.Function<DeliveryStore.Claim, String> excerpt) throws Exception {
        RetryPolicy.Verdict succeeded = new RetryPolicy.Verdict(RetryPolicy.Step.SUCCEEDED, null, null);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> settled = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DeliveryStore.Claim claim : claims) {
                DeliveryStore.AttemptLog log = new DeliveryStore.AttemptLog(1, new JsonObject().put("webhook-id", "msg_" + claim.id()),
                        AttemptResult.answered(200, excerpt.apply(claim), 3, null));
                settled.add(threads.submit(() -> {
                    go.await();
                    return store.settle(claim, log, succeeded);
                }));
            }
            go.countDown();
            List<Boolean> applied = new ArrayList<>();
            for (java.util.concurrent.Future<Boolean> f : settled) {
                try {
                    applied.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    applied.add(null);
                }
            }
            return applied;
        }
    }

    @Test
    void offeredDeliveriesAreWrittenOnlyWithTheirFirstAttemptsResultAndTheRestAreDueAtOnce() throws Exception {
        String org = organisation();
        UUID roomForTwo = endpoint(org, "TEST", "flow.x", true);
        UUID noLane = endpoint(org, "TEST", "flow.*", true);
        UUID fullLane = endpoint(org, "TEST", "flow.x", true);
        UUID otherType = endpoint(org, "TEST", "contact.created", true);
        UUID inactive = endpoint(org, "TEST", "flow.x", false);
        UUID otherEnvironment = endpoint(org, "LIVE", "flow.x", true);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        DeliveryStore.Offer offer = new DeliveryStore.Offer(Map.of(roomForTwo, 2, fullLane, 0), 3, 42L);
        List<DeliveryStore.Event> events = events(org, 5);
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            DeliveryStore.Scheduled scheduled = thread.submit(() -> store.schedule(events, offer)).get();
            List<DeliveryStore.Claim> claims = scheduled.offered();

            assertThat(scheduled.deliveries()).as("5 events to 3 subscribed endpoints").isEqualTo(15);
            assertThat(claims).extracting(DeliveryStore.Claim::endpointId).as("the lane's room, then a new lane's")
                    .containsExactlyInAnyOrder(roomForTwo, roomForTwo, noLane, noLane, noLane);
            assertThat(claims).allSatisfy(c -> {
                assertThat(c.unwritten()).isTrue();
                assertThat(c.lease()).as("no row holds a lease for it").isNull();
                assertThat(c.attemptsSoFar()).isZero();
                assertThat(c.claimedAtNanos()).isEqualTo(42L);
                assertThat(c.organisationId()).isEqualTo(org);
                assertThat(c.environment()).isEqualTo("TEST");
                assertThat(c.eventType()).isEqualTo("flow.x");
                assertThat(events).extracting(DeliveryStore.Event::eventId).contains(c.eventId());
            });
            assertThat(claims).filteredOn(c -> c.endpointId().equals(roomForTwo)).extracting(c -> new String(c.payload()))
                    .as("the earliest events of the batch").containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}");
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", roomForTwo)).as("the rest of its events").isEqualTo(3);
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", noLane)).isEqualTo(2);
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND lease IS NULL AND next_attempt_at <= now()",
                    fullLane)).as("a full lane's: due at once, for any worker").isEqualTo(5);
            for (UUID endpoint : List.of(otherType, inactive, otherEnvironment)) {
                assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", endpoint)).isZero();
            }
            assertThat(scheduled.written().isComplete()).as("nothing offered is written yet").isFalse();

            DeliveryStore.Scheduled again = thread.submit(() -> store.schedule(events, offer)).get();
            assertThat(again.offered()).as("consumed again before they are written: offered again, under the same ids")
                    .extracting(DeliveryStore.Claim::id).containsExactlyInAnyOrderElementsOf(claims.stream().map(DeliveryStore.Claim::id).toList());
            assertThat(again.deliveries()).as("those written due are not scheduled twice").isEqualTo(5);

            assertThat(settleTogether(store, claims, claim -> "ok")).as("written with their first attempt").containsOnly(true);
            assertThat(scheduled.written().succeeded()).isTrue();
            for (UUID endpoint : List.of(roomForTwo, noLane)) {
                assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", endpoint)).isEqualTo(5);
                assertThat(count("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", endpoint)).isEqualTo(endpoint == noLane ? 3 : 2);
            }
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'SUCCEEDED' AND attempts = 1 AND lease IS NULL",
                    noLane)).isEqualTo(3);

            assertThat(settleTogether(store, again.offered(), claim -> "ok")).as("a second send of the same delivery: logged, not applied")
                    .containsOnly(false);
            assertThat(again.written().succeeded()).as("its row is written, if not by it").isTrue();
            DeliveryStore.Scheduled third = thread.submit(() -> store.schedule(events, offer)).get();
            assertThat(third.offered()).as("consumed again once written").isEmpty();
            assertThat(third.deliveries()).isZero();
        } finally {
            for (UUID endpoint : List.of(roomForTwo, noLane, fullLane, otherType, inactive, otherEnvironment)) {
                deleteEndpoint(endpoint);
            }
        }
    }

    @Test
    void anOfferedDeliveryGivenBackUntriedIsWrittenDueAtOnce() throws Exception {
        String org = organisation();
        UUID endpoint = endpoint(org, "TEST", "flow.x", true);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        DeliveryStore.Offer offer = new DeliveryStore.Offer(Map.of(), 4, 0L);
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            DeliveryStore.Scheduled scheduled = thread.submit(() -> store.schedule(events(org, 3), offer)).get();
            assertThat(scheduled.offered()).hasSize(3);

            thread.submit(() -> store.release(scheduled.offered())).get();

            assertThat(scheduled.written().succeeded()).isTrue();
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'PENDING' AND attempts = 0 "
                    + "AND lease IS NULL AND next_attempt_at <= now()", endpoint)).isEqualTo(3);
            assertThat(claimAll(store, endpoint, 3)).extracting(DeliveryStore.Claim::id)
                    .containsExactlyInAnyOrderElementsOf(scheduled.offered().stream().map(DeliveryStore.Claim::id).toList());
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    @Test
    void anOfferedDeliveryWhoseResultCannotBeWrittenFailsItsBatchSoItsEventIsConsumedAgain() throws Exception {
        String org = organisation();
        UUID endpoint = endpoint(org, "TEST", "flow.x", true);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        DeliveryStore.Offer offer = new DeliveryStore.Offer(Map.of(), 4, 0L);
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            List<DeliveryStore.Event> events = events(org, 2);
            DeliveryStore.Scheduled scheduled = thread.submit(() -> store.schedule(events, offer)).get();
            DeliveryStore.Claim poisoned = scheduled.offered().getFirst();
            // PostgreSQL refuses NUL in text: the attempt (and so the delivery with it) cannot be written.
            List<Boolean> applied = settleTogether(store, scheduled.offered(), claim -> claim == poisoned ? "bad\0answer" : "ok");

            assertThat(applied).containsExactly(null, true);
            assertThat(scheduled.written().failed()).as("its batch is not committed past").isTrue();
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", endpoint)).isEqualTo(1);
            DeliveryStore.Scheduled again = thread.submit(() -> store.schedule(events, offer)).get();
            assertThat(again.offered()).as("consumed again: only the one not written is offered again")
                    .extracting(DeliveryStore.Claim::id).containsExactly(poisoned.id());
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    private static List<DeliveryStore.Event> events(String org, int count) {
        List<DeliveryStore.Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new DeliveryStore.Event(org, "TEST", "evt_" + UUID.randomUUID(), "flow.x", ("{\"n\":" + i + "}").getBytes()));
        }
        return events;
    }

    @Test
    void withoutAnOfferEveryScheduledDeliveryIsDueAtOnce() throws Exception {
        String org = organisation();
        UUID endpoint = endpoint(org, "TEST", "flow.x", true);
        DeliveryStore store = new DeliveryStore(pool, Clock.systemUTC());
        List<DeliveryStore.Event> events = List.of(new DeliveryStore.Event(org, "TEST", "evt_" + UUID.randomUUID(), "flow.x", "{}".getBytes()),
                new DeliveryStore.Event(org, "TEST", "evt_" + UUID.randomUUID(), "flow.x", "{}".getBytes()));
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(thread.submit(() -> store.schedule(events, DeliveryStore.Offer.NONE).offered()).get()).isEmpty();
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND lease IS NULL AND next_attempt_at <= now()",
                    endpoint)).isEqualTo(2);
        } finally {
            deleteEndpoint(endpoint);
        }
    }

    private static String organisation() {
        String org = "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        await(pool.preparedQuery("INSERT INTO organisations (id, name) VALUES ($1, $1)").execute(Tuple.of(org)));
        return org;
    }

    private static UUID endpoint(String org, String environment, String eventType, boolean active) {
        UUID endpoint = UUID.randomUUID();
        await(pool.preparedQuery("INSERT INTO webhook_endpoints (id, organisation_id, environment, url, events, active) VALUES ($1, $2, $3, 'https://example.com/', $4, $5)")
                .execute(Tuple.of(endpoint, org, environment, new String[] {eventType}, active)));
        return endpoint;
    }

    private static UUID endpointWithDueDeliveries(int count) {
        String org = organisation();
        UUID endpoint = endpoint(org, "TEST", "flow.x", true);
        await(pool.preparedQuery("""
                INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, environment, event_id, event_type, payload, status)
                SELECT gen_random_uuid(), $1, $2, 'TEST', 'evt_' || i, 'flow.x', '\\x7b7d'::bytea, 'PENDING' FROM generate_series(1, $3) i""")
                .execute(Tuple.of(endpoint, org, count)));
        return endpoint;
    }

    /** Claims until this endpoint's {@code count} deliveries are all held (other tests' rows are released untouched). */
    private static List<DeliveryStore.Claim> claimAll(DeliveryStore store, UUID endpoint, int count) throws Exception {
        List<DeliveryStore.Claim> mine = new ArrayList<>();
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; mine.size() < count && round < 50; round++) {
                List<DeliveryStore.Claim> batch = thread.submit(() -> store.claim(count, Map.of(), List.of(), count, Duration.ofMinutes(5))).get();
                List<DeliveryStore.Claim> others = batch.stream().filter(c -> !c.endpointId().equals(endpoint)).toList();
                thread.submit(() -> store.release(others)).get();
                batch.stream().filter(c -> c.endpointId().equals(endpoint)).forEach(mine::add);
            }
        }
        assertThat(mine).hasSize(count);
        return mine;
    }

    private static long count(String sql, UUID endpoint) {
        return await(pool.preparedQuery(sql).execute(Tuple.of(endpoint))).iterator().next().getLong(0);
    }

    private static void deleteEndpoint(UUID endpoint) {
        await(pool.preparedQuery("DELETE FROM webhook_attempts WHERE endpoint_id = $1").execute(Tuple.of(endpoint)));
        await(pool.preparedQuery("DELETE FROM webhook_deliveries WHERE endpoint_id = $1").execute(Tuple.of(endpoint)));
        await(pool.preparedQuery("DELETE FROM webhook_endpoints WHERE id = $1").execute(Tuple.of(endpoint)));
    }

    private static boolean partitionExists(LocalDate day) {
        return await(pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(partition(day)))).iterator().next().getBoolean(0);
    }

    private static String partition(LocalDate day) {
        return "webhook_attempts_" + day.toString().replace("-", "");
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
