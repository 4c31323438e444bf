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
 * PostgreSQL going away under the dispatcher (its connections reset, new ones refused, as during a restart): the
 * webhooks acknowledged meanwhile reach history, each once, as soon as it is back. The client fails with checked
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
            // gateway: it stops trusting its connection cache once its change notifications go through the cut too,
            // so whether its answers are 202 or 503 would be a race with that notification channel, not the point here.
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
}
