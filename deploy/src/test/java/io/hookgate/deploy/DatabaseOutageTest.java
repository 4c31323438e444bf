package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TcpRelay;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
    void webhooksAcknowledgedWhileTheDatabaseResetsAndRefusesConnectionsAreStoredOnceItIsBack() {
        PgSettings pg = TestDatabase.settings();
        try (TcpRelay relay = TcpRelay.to(pg.host(), pg.port());
             Hookgate app = TestApp.start(SharedKafka.bootstrap(), Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(relay.port())),
                     BatchObserver.NONE)) {
            Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
            String connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Database outage")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
            String before = "db-outage-before-" + System.nanoTime();
            assertThat(Http.webhook(app.ingestPort(), connectionId).header("x-request-id", before).send().status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.countHistory(List.of(before)) == 1);

            relay.cut();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String requestId = "db-outage-during-" + System.nanoTime() + "-" + i;
                // The gateway holds the connection in its cache: Kafka's acknowledgement is all a 202 needs.
                assertThat(Http.webhook(app.ingestPort(), connectionId).header("x-request-id", requestId).send().status()).isEqualTo(202);
                during.add(requestId);
            }
            // Longer than the dispatcher's retry backoff (200 ms): its writes meet both the reset and the refusal.
            await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            relay.restore();

            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.countHistory(during) == during.size());
            assertThat(TestDatabase.countDistinctHistory(during)).isEqualTo(during.size());
        }
    }
}
