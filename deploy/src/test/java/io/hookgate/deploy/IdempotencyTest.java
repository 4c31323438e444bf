package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
