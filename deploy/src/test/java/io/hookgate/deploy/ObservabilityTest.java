package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /metrics, /health and /ready as an operator and a Prometheus server see them. */
class ObservabilityTest {
    private static Hookgate app;
    private static Http.Admin admin;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void metricsCountRequestsByConnectionAndOutcomeAndVerificationFailuresByReason() {
        JsonObject created = admin.post("/api/v1/connections", new JsonObject().put("name", "Metered")
                .put("auth", new JsonObject().put("mode", "SHARED_SECRET"))).json();
        String id = created.getString("id");
        Http.webhook(app.ingestPort(), id).header("x-webhook-secret", created.getString("secret")).send();
        Http.webhook(app.ingestPort(), id).header("x-webhook-secret", "forged-secret-value").send();

        Http.Reply metrics = new Http.Admin(app.adminPort(), null).get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("content-type")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("hookgate_ingest_requests_total{connection=\"" + id + "\",outcome=\"ACCEPTED\"} 1.0")
                .contains("hookgate_ingest_requests_total{connection=\"" + id + "\",outcome=\"UNAUTHORIZED\"} 1.0")
                .contains("hookgate_verification_failures_total{mode=\"SHARED_SECRET\",reason=\"secret_mismatch\"}")
                .contains("hookgate_publish_latency_seconds_bucket")
                .contains("hookgate_ingest_duration_seconds_count")
                .contains("vertx_http_server_requests_total")
                .doesNotContain(created.getString("secret"))
                .doesNotContain("forged-secret-value");
    }

    @Test
    void metricsShowDispatcherLatenciesAndConsumerLag() {
        String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Dispatched metrics")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        Http.webhook(app.ingestPort(), id).send();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(new Http.Admin(app.adminPort(), null).get("/metrics").body())
                .contains("hookgate_dispatcher_batch_latency_seconds_count")
                .contains("hookgate_history_write_latency_seconds_count")
                .contains("hookgate_dispatcher_records_total{result=\"stored\"}")
                .contains("kafka_consumer_fetch_manager_records_lag_max"));
    }

    @Test
    void readyOnBothPortsWhenKafkaAndPostgresAnswer() {
        Http.Reply ingestReady = Http.webhookAt(app.ingestPort(), "/ready").send();
        Http.Reply adminReady = new Http.Admin(app.adminPort(), null).get("/ready");
        Http.Reply health = new Http.Admin(app.adminPort(), null).get("/health");

        assertThat(adminReady.status()).isEqualTo(200);
        assertThat(adminReady.json().getString("kafka")).isEqualTo("UP");
        assertThat(adminReady.json().getString("postgres")).isEqualTo("UP");
        assertThat(health.status()).isEqualTo(200);
        // The ingest port only routes GET /ready; a POST there is not a webhook route.
        assertThat(ingestReady.status()).isIn(404, 405);
    }
}
