package io.hookgate.deploy.management;

import io.hookgate.deploy.Hookgate;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.RawHttp;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TcpRelay;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The management port of processes that run one role each, over real HTTP, Kafka and PostgreSQL. */
class ManagementPortTest {
    private Hookgate app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aDispatcherOnlyProcessServesHealthReadinessAndItsConsumerMetrics() {
        app = start(Map.of("HOOKGATE_ROLES", "dispatcher", "HOOKGATE_DISPATCHER_GROUP", "mgmt-test-" + UUID.randomUUID(),
                "HOOKGATE_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest"));
        assertThat(app.ingestPort()).isEqualTo(-1);
        assertThat(app.adminPort()).isEqualTo(-1);

        Http.Reply health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).isEqualTo(new JsonObject().put("status", "UP")
                .put("checks", new JsonObject().put("dispatcher.consumer", "UP")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Http.Reply ready = get("/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().getJsonObject("checks").getMap()).containsEntry("dispatcher.consumer.group", "UP")
                    .containsEntry("postgres", "UP").containsEntry("kafka", "UP");
        });
        Http.Reply metrics = get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("content-type")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("hookgate_dispatcher_batch_latency_seconds_count")
                .contains("hookgate_history_write_latency_seconds_count")
                .containsPattern("kafka_consumer_[a-z_]+\\{[^}]*client_id=\"hookgate-dispatcher\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void aDeliveryOnlyProcessServesHealthReadinessAndOutboundMetrics() {
        app = start(Map.of("HOOKGATE_ROLES", "delivery"));

        Http.Reply health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().getJsonObject("checks").getMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("delivery.worker", "UP", "delivery.fanout", "UP"));
        Http.Reply ready = get("/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().getJsonObject("checks").getMap()).containsExactlyEntriesOf(Map.of("postgres", "UP"));
        assertThat(get("/metrics").body()).contains("hookgate_outbound_in_flight").contains("hookgate_outbound_due_backlog");
    }

    @Test
    void readinessTurns503WhilePostgresIsUnreachableAndLivenessStaysUp() {
        PgSettings pg = TestDatabase.settings();
        try (TcpRelay relay = TcpRelay.to(pg.host(), pg.port())) {
            app = start(Map.of("HOOKGATE_ROLES", "delivery", "PGHOST", "127.0.0.1", "PGPORT", Integer.toString(relay.port())));
            assertThat(get("/ready").status()).isEqualTo(200);

            relay.cut();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Http.Reply ready = get("/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().getString("status")).isEqualTo("NOT_READY");
                assertThat(ready.json().getJsonObject("checks").getString("postgres")).isEqualTo("DOWN");
            });
            assertThat(get("/health").status()).as("a process waiting for its database is not restarted").isEqualTo(200);

            relay.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/ready").status() == 200);
            app.close();
        }
    }

    @Test
    void readyTurns503FromTheFirstMomentOfAStopWhileRequestsStillDrain() throws Exception {
        app = start(Map.of("HOOKGATE_ROLES", "ingest,admin"));
        Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        String connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Draining")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        assertThat(get("/ready").status()).isEqualTo(200);

        try (RawHttp slow = RawHttp.connect(app.ingestPort())) {
            slow.write("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\n"
                    + "content-length: 2\r\n\r\n{");
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(app::close);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                Http.Reply ready = get("/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().getBoolean("stopping")).isTrue();
            });
            assertThat(get("/health").status()).as("still live while it drains").isEqualTo(200);
            assertThat(stopped).as("the stop waits for the request in flight").isNotDone();

            slow.write("}");
            assertThat(slow.read(Duration.ofSeconds(10)).status()).isEqualTo(202);
            stopped.get(15, TimeUnit.SECONDS);
        }
    }

    private Hookgate start(Map<String, String> env) {
        return TestApp.start(SharedKafka.bootstrap(), env, BatchObserver.NONE);
    }

    private Http.Reply get(String path) {
        assertThat(app.managementPort()).as("management port").isPositive();
        return new Http.Admin(app.managementPort(), null).get(path);
    }
}
