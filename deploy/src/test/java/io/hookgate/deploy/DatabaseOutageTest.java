package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TcpRelay;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.gateway.publish.KafkaRecords;
import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.Outcome;
import io.hookgate.model.Topics;
import io.hookgate.model.db.PgSettings;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL going away (its connections reset, new ones refused, as during a restart): the gateway keeps accepting
 * webhooks of the connections it has cached for the offline grace, and the webhooks acknowledged meanwhile reach
 * history, each once, as soon as it is back. The client fails with checked
 * exceptions here (SocketException, ConnectException), which once ended the consumer loop for good.
 */
class DatabaseOutageTest {
    @Test
    void webhooksAcknowledgedWhileTheDatabaseResetsAndRefusesConnectionsAreStoredOnceItIsBack() throws Exception {
        PgSettings pg = TestDatabase.settings();
        try (TcpRelay relay = TcpRelay.to(pg.host(), pg.port());
             Hookgate app = TestApp.start(SharedKafka.bootstrap(), Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(relay.port())),
                     BatchObserver.NONE)) {
            TestDatabase.Tenant tenant = TestDatabase.newTenant();
            Http.Admin admin = new Http.Admin(app.adminPort(), tenant.testKey());
            String connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Database outage")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
            String before = "db-outage-before-" + System.nanoTime();
            assertThat(Http.webhook(app.ingestPort(), connectionId).header("x-request-id", before).send().status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.countHistory(List.of(before)) == 1);

            relay.cut();
            // Accepted webhooks arriving while the database is away, as the gateway publishes them. Not through the
            // gateway: what it answers while its change notifications are cut too is the next test's subject.
            List<String> during = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.bootstrap(),
                    "acks", "all", "enable.idempotence", "true"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 5; i++) {
                    String requestId = "db-outage-during-" + System.nanoTime() + "-" + i;
                    IngestRecord accepted = new IngestRecord(IdKind.RECORD.generate(), requestId, connectionId, tenant.organisationId(),
                            Environment.TEST, Instant.now(), Outcome.ACCEPTED, null, "application/json",
                            Map.of("content-type", List.of("application/json")), "{\"during\":true}".getBytes(StandardCharsets.UTF_8), null, 0);
                    producer.send(KafkaRecords.of(Topics.INBOUND, accepted)).get();
                    during.add(requestId);
                }
            }
            // Longer than the dispatcher's retry backoff (200 ms): its writes meet both the reset and the refusal.
            await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            relay.restore();

            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.countHistory(during) == during.size());
            assertThat(TestDatabase.countDistinctHistory(during)).isEqualTo(during.size());
        }
    }

    @Test
    void aConnectionInUseKeepsAcceptingWebhooksWhileTheDatabaseIsAwayForTheOfflineGraceOnly() throws Exception {
        PgSettings pg = TestDatabase.settings();
        long graceMs = 4_000;
        try (TcpRelay relay = TcpRelay.to(pg.host(), pg.port());
             Hookgate app = TestApp.start(SharedKafka.bootstrap(), Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(relay.port()),
                     "HOOKGATE_CONNECTION_CACHE_OFFLINE_GRACE_MS", Long.toString(graceMs)), BatchObserver.NONE)) {
            Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
            String inUse = admin.post("/api/v1/connections", new JsonObject().put("name", "In use")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
            String unused = admin.post("/api/v1/connections", new JsonObject().put("name", "Not used yet")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
            assertThat(Http.webhook(app.ingestPort(), inUse).send().status()).isEqualTo(202);

            relay.cut();
            long cut = System.nanoTime();
            String during = "db-away-" + System.nanoTime();
            Http.Reply accepted = Http.webhook(app.ingestPort(), inUse).header("x-request-id", during).send();
            Http.Reply unknown = Http.webhook(app.ingestPort(), unused).send();

            assertThat(accepted.status()).as("served from the cache while the database is away").isEqualTo(202);
            assertThat((System.nanoTime() - cut) / 1_000_000).as("answered within the grace").isLessThan(graceMs);
            assertThat(unknown.status()).as("a connection not cached needs the database").isEqualTo(503);
            assertThat(unknown.json().getString("outcome")).isEqualTo("UNAVAILABLE");

            Http.Reply afterGrace = await().atMost(Duration.ofMillis(graceMs + 5_000)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Http.webhook(app.ingestPort(), inUse).send(), reply -> reply.status() != 202);
            assertThat((System.nanoTime() - cut) / 1_000_000).as("cached entries trusted for the grace only").isGreaterThanOrEqualTo(graceMs);
            assertThat(afterGrace.status()).isEqualTo(503);

            relay.restore();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Http.webhook(app.ingestPort(), unused).send().status() == 202);
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.countHistory(List.of(during)) == 1);
        }
    }
}
