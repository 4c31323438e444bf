package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.hookgate.deploy.support.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole pipe in one process: admin API → ingest → Kafka → dispatcher → history API. */
class EndToEndTest {
    private static Hookgate app;
    private static TestDatabase.Tenant tenant;
    private static Http.Admin admin;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        tenant = TestDatabase.newTenant();
        admin = new Http.Admin(app.adminPort(), tenant.testKey());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void acceptedWebhookIsOnKafkaAsCloudEventAndInHistory() {
        JsonObject connection = createConnection("Billing events", "SHARED_SECRET");
        String secret = connection.getString("secret");
        String body = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":4200}}";

        Http.Reply reply = Http.webhook(app.ingestPort(), connection.getString("id"))
                .header("x-webhook-secret", secret)
                .header("x-request-id", "e2e-accepted-1")
                .body(body)
                .send();

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().getString("outcome")).isEqualTo("ACCEPTED");
        assertThat(reply.json().getString("requestId")).isEqualTo("e2e-accepted-1");
        assertThat(reply.header("x-request-id")).isEqualTo("e2e-accepted-1");

        List<ConsumerRecord<String, byte[]>> onKafka = TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, "e2e-accepted-1");
        assertThat(onKafka).hasSize(1);
        ConsumerRecord<String, byte[]> record = onKafka.getFirst();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(record.key()).isEqualTo(connection.getString("id"));
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("io.hookgate.webhook.accepted");
        assertThat(header(record, "ce_source")).isEqualTo("/hookgate/connections/" + connection.getString("id"));
        assertThat(header(record, "ce_id")).startsWith("rec_");
        assertThat(header(record, "ce_time")).isNotBlank();
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "ce_organisationid")).isEqualTo(tenant.organisationId());
        assertThat(header(record, "ce_httpheaders")).doesNotContain("x-webhook-secret").doesNotContain(secret);

        JsonObject row = awaitHistory("e2e-accepted-1");
        assertThat(row.getString("outcome")).isEqualTo("ACCEPTED");
        assertThat(row.getInteger("status")).isEqualTo(202);
        assertThat(row.getJsonObject("payload")).isEqualTo(new JsonObject(body));
        assertThat(row.getJsonObject("headers").fieldNames()).doesNotContain("x-webhook-secret").contains("content-type");
        assertThat(row.encode()).doesNotContain(secret);

        JsonObject page = admin.get("/api/v1/connections/" + connection.getString("id") + "/requests").json();
        assertThat(page.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("requestId")))
                .contains("e2e-accepted-1");
    }

    @Test
    void generatedSecretIsShownOnlyInTheCreateResponse() {
        JsonObject created = createConnection("Secret shown once", "SHARED_SECRET");
        assertThat(created.getString("secret")).hasSizeGreaterThanOrEqualTo(40);

        Http.Reply fetched = admin.get("/api/v1/connections/" + created.getString("id"));
        Http.Reply listed = admin.get("/api/v1/connections?limit=200");

        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().containsKey("secret")).isFalse();
        assertThat(fetched.json().getJsonObject("auth").getBoolean("secretConfigured")).isTrue();
        assertThat(fetched.body()).doesNotContain(created.getString("secret")).doesNotContain("$2a$");
        assertThat(listed.body()).doesNotContain(created.getString("secret")).doesNotContain("$2a$");
    }

    @Test
    void unauthenticatedConnectionAcceptsWithoutCredentialsAndIsMarkedSo() {
        JsonObject connection = createConnection("Open hooks", "NONE");
        assertThat(connection.containsKey("secret")).isFalse();
        assertThat(connection.getJsonObject("auth").getBoolean("authenticated")).isFalse();

        Http.Reply reply = Http.webhook(app.ingestPort(), connection.getString("id")).send();

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void deletedConnectionAnswers404WithinASecond() {
        JsonObject connection = createConnection("Soon deleted", "NONE");
        String id = connection.getString("id");
        assertThat(Http.webhook(app.ingestPort(), id).send().status()).isEqualTo(202); // now cached

        assertThat(admin.delete("/api/v1/connections/" + id).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(Http.webhook(app.ingestPort(), id).send().json().getString("outcome")).isEqualTo("TRIGGER_NOT_FOUND"));
        assertThat(admin.get("/api/v1/connections/" + id).status()).isEqualTo(404);
    }

    @Test
    void historyIsInvisibleToOtherOrganisationsAndEnvironments() {
        JsonObject connection = createConnection("Private history", "NONE");
        Http.webhook(app.ingestPort(), connection.getString("id")).header("x-request-id", "e2e-private-1").send();
        awaitHistory("e2e-private-1");
        Http.Admin otherOrg = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        Http.Admin liveKey = new Http.Admin(app.adminPort(), tenant.liveKey());

        for (Http.Admin outsider : List.of(otherOrg, liveKey)) {
            assertThat(outsider.get("/api/v1/connections/" + connection.getString("id")).status()).isEqualTo(404);
            assertThat(outsider.get("/api/v1/connections/" + connection.getString("id") + "/requests").status()).isEqualTo(404);
            assertThat(outsider.get("/api/v1/requests/e2e-private-1").status()).isEqualTo(404);
            assertThat(outsider.delete("/api/v1/connections/" + connection.getString("id")).status()).isEqualTo(404);
        }
        assertThat(new Http.Admin(app.adminPort(), null).get("/api/v1/connections").status()).isEqualTo(401);
        assertThat(new Http.Admin(app.adminPort(), "hg_test_" + "x".repeat(40)).get("/api/v1/connections").status()).isEqualTo(401);
    }

    @Test
    void connectionNamesAreUniquePerOrganisationAndEnvironment() {
        createConnection("Unique name", "NONE");

        Http.Reply again = admin.post("/api/v1/connections", new JsonObject().put("name", "Unique name")
                .put("auth", new JsonObject().put("mode", "NONE")));
        Http.Reply otherEnvironment = new Http.Admin(app.adminPort(), tenant.liveKey()).post("/api/v1/connections",
                new JsonObject().put("name", "Unique name").put("auth", new JsonObject().put("mode", "NONE")));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getJsonObject("error").getString("field")).isEqualTo("name");
        assertThat(otherEnvironment.status()).isEqualTo(201);
    }

    @Test
    void connectionListPagesWithCursor() {
        Http.Admin own = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        for (int i = 0; i < 5; i++) {
            own.post("/api/v1/connections", new JsonObject().put("name", "Paged " + i).put("auth", new JsonObject().put("mode", "NONE")));
        }
        JsonObject first = own.get("/api/v1/connections?limit=2").json();
        JsonObject second = own.get("/api/v1/connections?limit=2&cursor=" + first.getString("nextCursor")).json();
        JsonObject third = own.get("/api/v1/connections?limit=2&cursor=" + second.getString("nextCursor")).json();

        assertThat(first.getJsonArray("data")).hasSize(2);
        assertThat(second.getJsonArray("data")).hasSize(2);
        assertThat(third.getJsonArray("data")).hasSize(1);
        assertThat(third.getString("nextCursor")).isNull();
        assertThat(List.of(first, second, third).stream()
                .flatMap(p -> p.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("name"))).toList())
                .containsExactly("Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4");
    }

    private static JsonObject createConnection(String name, String mode) {
        Http.Reply reply = admin.post("/api/v1/connections",
                new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", mode)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static JsonObject awaitHistory(String requestId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/requests/" + requestId).status() == 200);
        return admin.get("/api/v1/requests/" + requestId).json();
    }
}
