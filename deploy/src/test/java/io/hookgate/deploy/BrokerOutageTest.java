package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.LogCapture;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker that stops answering turns into 503 + Retry-After within the publish timeout, never 202 or a hang. */
class BrokerOutageTest {
    private static final long PUBLISH_TIMEOUT_MS = 1500;
    private static EmbeddedKafka broker;
    private static Hookgate app;
    private static String connectionId;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafka(Files.createTempDirectory("hookgate-outage-kafka-"), 0).start();
        app = TestApp.start(broker.bootstrapServers(),
                Map.of("HOOKGATE_PUBLISH_TIMEOUT_MS", Long.toString(PUBLISH_TIMEOUT_MS)), BatchObserver.NONE);
        Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Outage")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
        broker.stop();
    }

    @Test
    void answers503WithRetryAfterWhileTheBrokerIsDownAndRecoversWhenItReturns() throws Exception {
        assertThat(Http.webhook(app.ingestPort(), connectionId).send().status()).isEqualTo(202);

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Http.Reply ready = new Http.Admin(app.adminPort(), null).get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getString("kafka")).isEqualTo("DOWN");
        });
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Http.Reply reply = Http.webhook(app.ingestPort(), connectionId).header("x-request-id", "outage-" + i).send();
                long tookMs = (System.nanoTime() - started) / 1_000_000;

                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                assertThat(reply.json().getString("outcome")).isEqualTo("UNAVAILABLE");
                assertThat(reply.header("retry-after")).isNotBlank();
                assertThat(tookMs).as("answered within the publish timeout plus slack").isLessThan(PUBLISH_TIMEOUT_MS + 2_000);
            }
            logs = capture.text();
        }
        // An outage is one warning, not one per request, and never a stack trace.
        assertThat(logs).doesNotContain("[ERROR]").doesNotContain("\tat ");
        assertThat(logs.lines().filter(l -> l.contains("Kafka did not acknowledge")).count()).isEqualTo(1);

        broker.start();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                Http.webhook(app.ingestPort(), connectionId).header("x-request-id", "after-outage").send().status() == 202);
        long recoveredMs = (System.nanoTime() - back) / 1_000_000;
        assertThat(recoveredMs).isLessThan(15_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> new Http.Admin(app.adminPort(), null).get("/ready").status() == 200);
        assertThat(TopicProbe.recordsWithRequestId(broker.bootstrapServers(), Topics.INBOUND, "after-outage")).isNotEmpty();
    }
}
