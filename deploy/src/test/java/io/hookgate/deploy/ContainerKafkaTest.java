package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same pipe against an Apache Kafka container; skipped (not failed) where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void acceptsAndRecordsAWebhookThroughAContainerBroker() {
        try (Hookgate app = TestApp.start(KAFKA.getBootstrapServers())) {
            Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
            String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Container")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");

            assertThat(Http.webhook(app.ingestPort(), id).header("x-request-id", "container-1").send().status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/requests/container-1").status() == 200);
        }
    }
}
