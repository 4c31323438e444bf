package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.gateway.idempotency.IdempotencyStore;
import io.hookgate.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** X-Idempotency-Key: one publication per (connection, key), the first answer replayed everywhere. */
class IdempotencyTest {
    private static Hookgate app;
    private static Hookgate secondGateway;
    private static Http.Admin admin;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        secondGateway = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_ROLES", "ingest"), BatchObserver.NONE);
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
    }

    @AfterAll
    static void stop() {
        secondGateway.close();
        app.close();
    }

    @Test
    void repeatGetsTheFirstAnswerReplayedAndIsNotPublishedAgain() {
        String connection = create("Idempotent");
        String key = UUID.randomUUID().toString();

        Http.Reply first = Http.webhook(app.ingestPort(), connection).header("x-idempotency-key", key).header("x-request-id", key + "-1").send();
        Http.Reply repeat = Http.webhook(secondGateway.ingestPort(), connection).header("x-idempotency-key", key).header("x-request-id", key + "-2").send();

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("idempotent-replayed")).isNull();
        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.header("idempotent-replayed")).isEqualTo("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, key + "-1")).hasSize(1);
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, key + "-2")).isEmpty();
    }

    @Test
    void hundredConcurrentCopiesOnTwoGatewaysArePublishedExactlyOnce() throws Exception {
        String connection = create("Concurrent copies");
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                int port = i % 2 == 0 ? app.ingestPort() : secondGateway.ingestPort();
                String requestId = key + "-" + i;
                replies.add(CompletableFuture.supplyAsync(() -> Http.webhook(port, connection)
                        .header("x-idempotency-key", key).header("x-request-id", requestId).send(), pool));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        List<Http.Reply> all = replies.stream().map(CompletableFuture::join).toList();
        assertThat(all).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        assertThat(all.stream().filter(r -> r.header("idempotent-replayed") == null)).hasSize(1);
        assertThat(all.stream().map(Http.Reply::body).distinct()).hasSize(1);
        String eventId = TopicProbe.readAll(app.kafkaBootstrap(), Topics.INBOUND).stream()
                .filter(r -> TopicProbe.header(r, "ce_requestid").startsWith(key))
                .map(r -> TopicProbe.header(r, "ce_eventid")).findFirst().orElseThrow();
        assertThat(TopicProbe.readAll(app.kafkaBootstrap(), Topics.INBOUND).stream()
                .filter(r -> eventId.equals(TopicProbe.header(r, "ce_eventid")))).hasSize(1);
    }

    @Test
    void manyKeysClaimedTogetherAreEachPublishedOnceAndAnsweredOnceFirstHand() throws Exception {
        // Claims arriving together share one statement: distinct keys and copies of one key in the same batch.
        String connection = create("Keys claimed together");
        String run = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        Map<String, List<CompletableFuture<Http.Reply>>> byKey = new java.util.LinkedHashMap<>();
        try {
            for (int copy = 0; copy < 2; copy++) {
                for (int k = 0; k < 40; k++) {
                    String key = run + "-key-" + k;
                    int port = (k + copy) % 2 == 0 ? app.ingestPort() : secondGateway.ingestPort();
                    String requestId = key + "-copy-" + copy;
                    byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(CompletableFuture.supplyAsync(() ->
                            Http.webhook(port, connection).header("x-idempotency-key", key).header("x-request-id", requestId).send(), pool));
                }
            }
            CompletableFuture.allOf(byKey.values().stream().flatMap(List::stream).toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> published = TopicProbe.readAll(app.kafkaBootstrap(), Topics.INBOUND)
                .stream().filter(r -> TopicProbe.header(r, "ce_requestid").startsWith(run)).toList();
        assertThat(published).hasSize(40);
        byKey.forEach((key, copies) -> {
            List<Http.Reply> replies = copies.stream().map(CompletableFuture::join).toList();
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
            assertThat(replies.stream().filter(r -> r.header("idempotent-replayed") == null)).as(key).hasSize(1);
            assertThat(published.stream().filter(r -> TopicProbe.header(r, "ce_requestid").startsWith(key + "-copy-"))).as(key).hasSize(1);
        });
    }

    @Test
    void copiesOfOneKeyInOneBatchOfClaimsLeaveTheKeyToTheFirst() throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(Hookgate.pgOptions(TestDatabase.settings())).using(vertx).build();
        try {
            IdempotencyStore store = new IdempotencyStore(pool);
            String connection = "con_batch_" + UUID.randomUUID();
            Duration lease = Duration.ofSeconds(30);
            // A key claimed, and committed, before the burst: the burst's copy of it finds it held. (A copy of a key of the
            // burst's own first batches would race that batch's commit, which need not come before the last batch's.)
            assertThat(store.claim(connection, digest("earlier"), "owner-0", lease).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(IdempotencyStore.Owned.class);
            CompletableFuture<List<IdempotencyStore.KeyState>> states = new CompletableFuture<>();
            // Submitted in one event-loop turn, so no answer comes between them: the first fillers take every batch
            // that may run at once (two), and the rest wait and go in one batch with the last four: two copies of
            // one key (equal digests, not the same array), a new key, and a copy of the key claimed before.
            vertx.runOnContext(v -> {
                List<Future<IdempotencyStore.KeyState>> claims = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    claims.add(store.claim(connection, digest("filler-" + i), "filler-" + i, lease));
                }
                claims.add(store.claim(connection, digest("shared"), "owner-1", lease));
                claims.add(store.claim(connection, digest("shared"), "owner-2", lease));
                claims.add(store.claim(connection, digest("other"), "owner-3", lease));
                claims.add(store.claim(connection, digest("earlier"), "owner-4", lease));
                Future.all(claims).onComplete(ar -> {
                    if (ar.failed()) {
                        states.completeExceptionally(ar.cause());
                    } else {
                        states.complete(ar.result().<IdempotencyStore.KeyState>list());
                    }
                });
            });

            assertThat(states.get(10, TimeUnit.SECONDS)).extracting(s -> s.getClass().getSimpleName())
                    .containsExactly("Owned", "Owned", "Owned", "Owned", "Owned", "Owned", "Owned", "Owned",
                            "Owned", "InFlight", "Owned", "InFlight");
            assertThat(TestDatabase.count("SELECT count(*) FROM idempotency_keys WHERE connection_id = ?", connection)).isEqualTo(11);
            assertThat(TestDatabase.count("SELECT count(*) FROM idempotency_keys WHERE connection_id = ? AND owner IN ('owner-0', 'owner-1', 'owner-3')",
                    connection)).isEqualTo(3);
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] digest(String key) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void definitiveRejectionIsReplayedToo() {
        String connection = create("Idempotent rejection");
        String key = UUID.randomUUID().toString();

        Http.Reply first = Http.webhook(app.ingestPort(), connection).header("x-idempotency-key", key).body("{broken").send();
        Http.Reply repeat = Http.webhook(app.ingestPort(), connection).header("x-idempotency-key", key).body("{\"fixed\":true}").send();

        assertThat(first.status()).isEqualTo(400);
        assertThat(repeat.status()).isEqualTo(400);
        assertThat(repeat.header("idempotent-replayed")).isEqualTo("true");
        assertThat(repeat.body()).isEqualTo(first.body());
    }

    @Test
    void sameKeyOnAnotherConnectionIsIndependent() {
        String key = UUID.randomUUID().toString();
        Http.Reply a = Http.webhook(app.ingestPort(), create("Key scope A")).header("x-idempotency-key", key).send();
        Http.Reply b = Http.webhook(app.ingestPort(), create("Key scope B")).header("x-idempotency-key", key).send();

        assertThat(a.status()).isEqualTo(202);
        assertThat(b.status()).isEqualTo(202);
        assertThat(b.header("idempotent-replayed")).isNull();
    }

    private static String create(String name) {
        Http.Reply reply = admin.post("/api/v1/connections", new JsonObject().put("name", name)
                .put("auth", new JsonObject().put("mode", "NONE")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().getString("id");
    }
}
