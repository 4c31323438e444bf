package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.Sink;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries survive their worker: a worker stopped mid-retry, and claims left behind by a worker that died
 * holding them, are finished by two new workers — every event reaches the sink with exactly one success, and
 * no delivery is ever sent twice at the same moment.
 */
class OutboundTakeoverTest {
    private static final int EVENTS = 20;
    private static final Map<String, String> SETTINGS = Map.of("HOOKGATE_OUTBOUND_ALLOW", "127.0.0.1/32",
            "HOOKGATE_OUTBOUND_RETRY_BASE_MS", "1500", "HOOKGATE_OUTBOUND_TIMEOUT_MS", "2000", "HOOKGATE_OUTBOUND_LEASE_MS", "7000");

    @Test
    void workersThatStopOrDieLoseNoDeliveryAndNeverSendOneTwiceAtOnce() {
        String path = "/takeover-" + UUID.randomUUID();
        try (Sink sink = new Sink().failFirstAttempt(path).delay(path, Duration.ofMillis(300))) {
            String endpointId;
            Hookgate first = TestApp.start(SharedKafka.bootstrap(), SETTINGS, BatchObserver.NONE);
            try {
                Http.Admin admin = new Http.Admin(first.adminPort(), TestDatabase.newTenant().testKey());
                Http.Reply created = admin.post("/api/v1/webhooks", new JsonObject().put("url", sink.url(path))
                        .put("events", new JsonArray().add("flow.takeover")));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                endpointId = created.json().getString("id");
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(admin.post("/api/v1/events", new JsonObject().put("type", "flow.takeover")
                            .put("data", new JsonObject().put("n", i))).status()).isEqualTo(202);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> distinctIds(sink, path) == EVENTS);
            } finally {
                first.close(); // mid-retry: every event failed once, its retry is scheduled
            }
            assertThat(pending(endpointId)).as("retries left for the next workers").isPositive();
            // What a worker killed while holding claims leaves behind: leases nobody will settle, running out in 3 s.
            TestDatabase.execute("""
                    UPDATE webhook_deliveries SET lease = gen_random_uuid(), next_attempt_at = now() + interval '3 seconds'
                     WHERE endpoint_id = ?::uuid AND status = 'PENDING'""", endpointId);

            try (Hookgate second = TestApp.start(SharedKafka.bootstrap(), SETTINGS, BatchObserver.NONE);
                 Hookgate third = TestApp.start(SharedKafka.bootstrap(), SETTINGS, BatchObserver.NONE)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.successesById().size() == EVENTS && pending(endpointId) == 0);
            }
            assertThat(sink.successesById().values()).as("one success per event").hasSize(EVENTS).allMatch(n -> n == 1);
            assertThat(sink.maxConcurrentPerWebhookId()).as("never two sends of one delivery at once").isEqualTo(1);
            assertThat(TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?::uuid AND status = 'SUCCEEDED'",
                    endpointId)).isEqualTo(EVENTS);
        }
    }

    private static long distinctIds(Sink sink, String path) {
        return sink.received(path).stream().map(r -> r.headers().get("webhook-id")).distinct().count();
    }

    private static long pending(String endpointId) {
        return TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?::uuid AND status = 'PENDING'", endpointId);
    }
}
