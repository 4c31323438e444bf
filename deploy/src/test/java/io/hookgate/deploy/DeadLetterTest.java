package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A record the dispatcher cannot read goes to the dead-letter topic with its reason; the partition keeps moving. */
class DeadLetterTest {
    private static Hookgate app;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap(), Map.of(), BatchObserver.NONE);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void malformedRecordIsDeadLetteredAndLaterRecordsOfItsPartitionAreStored() throws Exception {
        Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        String connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Poisoned")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        String marker = "poison-" + UUID.randomUUID();

        // Same key as the connection's webhooks, so the poison sits in the same partition, before them.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.INBOUND, connectionId, "not a cloud event".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_requestid", marker.getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
        String after = "after-poison-" + UUID.randomUUID();
        assertThat(Http.webhook(app.ingestPort(), connectionId).header("x-request-id", after).send().status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(after).isEmpty());
        var dead = TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND_DLQ, marker);
        assertThat(dead).hasSize(1);
        assertThat(TopicProbe.header(dead.getFirst(), "hookgate_dlq_reason")).startsWith("malformed_record");
        assertThat(TopicProbe.header(dead.getFirst(), "hookgate_dlq_origin")).startsWith(Topics.INBOUND + "/");
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
        assertThat(TestDatabase.historyRows(marker)).isEmpty();
    }
}
