package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Accepted webhooks become contacts, flow runs (START/RESUME), failed triggers, commands and events. */
class FlowsTest {
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
    void startThenResumeByCorrelationAndAFailedTriggerWhenNoRunWaits() {
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Order journey"))).getString("id");
        String orders = connection("Orders", new JsonObject().put("type", "EMAIL").put("path", "$.customer.email"), false);
        String shipments = connection("Shipments", null, false);
        created(admin.post("/api/v1/connections/" + orders + "/triggers",
                new JsonObject().put("flowId", flow).put("action", "START").put("correlationPath", "$.order.id")));
        created(admin.post("/api/v1/connections/" + shipments + "/triggers",
                new JsonObject().put("flowId", flow).put("action", "RESUME").put("correlationPath", "order_id")));
        String contact = created(admin.post("/api/v1/contacts", new JsonObject().put("name", "Ann").put("email", "Ann@Example.com"))).getString("id");
        String order = "ord_" + UUID.randomUUID();

        assertThat(Http.webhook(app.ingestPort(), orders).header("x-request-id", order)
                .body("{\"customer\":{\"email\":\"ann@example.com\"},\"order\":{\"id\":\"" + order + "\",\"total\":42}}").send().status()).isEqualTo(202);

        JsonObject run = await().atMost(Duration.ofSeconds(20)).until(() -> runs(flow), r -> r.size() == 1).getJsonObject(0);
        assertThat(run.getString("status")).isEqualTo("ACTIVE");
        assertThat(run.getString("contactId")).isEqualTo(contact);
        assertThat(run.getString("correlationValue")).isEqualTo(order);
        assertThat(run.getJsonObject("variables").getValue("webhook.order.total")).isEqualTo(42);
        JsonObject history = admin.get("/api/v1/requests/" + order).json();
        assertThat(history.getString("contactId")).isEqualTo(contact);
        assertThat(history.getJsonArray("flowRunIds")).containsExactly(run.getString("id"));

        assertThat(Http.webhook(app.ingestPort(), shipments).body("{\"order_id\":\"" + order + "\"}").send().status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(flow).getJsonObject(0).getInteger("resumedCount") == 1);

        String missing = "ord_missing_" + UUID.randomUUID();
        assertThat(Http.webhook(app.ingestPort(), shipments).body("{\"order_id\":\"" + missing + "\"}").send().status()).isEqualTo(202);
        JsonObject failed = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin.get("/api/v1/failed-triggers?connectionId=" + shipments).json().getJsonArray("data"), a -> !a.isEmpty()).getJsonObject(0);
        assertThat(failed.getString("reason")).isEqualTo("no_waiting_run");
        assertThat(failed.getString("correlationValue")).isEqualTo(missing);

        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(contact).size() == 2);
        List<ConsumerRecord<String, byte[]>> commands = commandsFor(contact);
        JsonObject startCommand = new JsonObject(new String(commands.getFirst().value(), StandardCharsets.UTF_8));
        assertThat(TopicProbe.header(commands.getFirst(), "ce_type")).isEqualTo("io.hookgate.flow.start");
        assertThat(startCommand.getJsonObject("webhookMessage").getJsonObject("payload").getJsonObject("order").getString("id")).isEqualTo(order);
        assertThat(startCommand.getJsonObject("webhookMessage").getJsonObject("headers").containsKey("content-type")).isTrue();
        assertThat(TopicProbe.header(commands.get(1), "ce_type")).isEqualTo("io.hookgate.flow.resume");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventTypes().contains("flow.started") && eventTypes().contains("contact.created"));
    }

    @Test
    void aWebhookThatStartsTwoFlowsListsBothRunsInItsHistoryRow() {
        String welcome = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Welcome"))).getString("id");
        String survey = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Survey"))).getString("id");
        String signups = connection("Signups", new JsonObject().put("type", "EMAIL").put("path", "$.email"), true);
        created(admin.post("/api/v1/connections/" + signups + "/triggers", new JsonObject().put("flowId", welcome).put("action", "START")));
        created(admin.post("/api/v1/connections/" + signups + "/triggers", new JsonObject().put("flowId", survey).put("action", "START")));
        String request = "signup-" + UUID.randomUUID();

        assertThat(Http.webhook(app.ingestPort(), signups).header("x-request-id", request)
                .body("{\"email\":\"" + request + "@example.com\"}").send().status()).isEqualTo(202);

        String welcomeRun = await().atMost(Duration.ofSeconds(20)).until(() -> runs(welcome), r -> r.size() == 1).getJsonObject(0).getString("id");
        String surveyRun = await().atMost(Duration.ofSeconds(20)).until(() -> runs(survey), r -> r.size() == 1).getJsonObject(0).getString("id");
        JsonObject history = admin.get("/api/v1/requests/" + request).json();
        assertThat(history.getJsonArray("flowRunIds").getList()).as("each run once, written with the runs in one transaction")
                .containsExactlyInAnyOrder(welcomeRun, surveyRun);
    }

    @Test
    void unknownContactIsTaggedInHistoryAndStartsNoRun() {
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Known only"))).getString("id");
        String id = connection("Known contacts only", new JsonObject().put("type", "PHONE").put("path", "$.from"), false);
        created(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")));
        String request = "unknown-" + UUID.randomUUID();

        assertThat(Http.webhook(app.ingestPort(), id).header("x-request-id", request).body("{\"from\":\"+447700900999\"}").send().status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/requests/" + request).status() == 200);
        JsonObject row = admin.get("/api/v1/requests/" + request).json();
        assertThat(row.getString("outcome")).isEqualTo("IDENTIFIER_NOT_FOUND");
        assertThat(row.getInteger("status")).isEqualTo(202);
        assertThat(runs(flow)).isEmpty();
    }

    @Test
    void concurrentWebhooksForOneNewIdentifierCreateExactlyOneContact() {
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Onboarding"))).getString("id");
        String id = connection("Creates contacts", new JsonObject().put("type", "EMAIL").put("path", "$.email"), true);
        created(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")));
        String email = "new-" + UUID.randomUUID() + "@example.com";

        for (int i = 0; i < 5; i++) {
            assertThat(Http.webhook(app.ingestPort(), id).body("{\"email\":\"" + email.toUpperCase() + "\",\"n\":" + i + "}").send().status()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> runs(flow).size() == 5);
        JsonArray found = admin.get("/api/v1/contacts?email=" + email).json().getJsonArray("data");
        assertThat(found).hasSize(1);
        String contact = found.getJsonObject(0).getString("id");
        assertThat(runs(flow).stream().map(r -> ((JsonObject) r).getString("contactId")).distinct()).containsExactly(contact);
    }

    @Test
    void providerRetryWithTheSameDeliveryIdStartsTheFlowOnce() {
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Push events"))).getString("id");
        JsonObject created = created(admin.post("/api/v1/connections", new JsonObject().put("name", "GitHub pushes")
                .put("auth", new JsonObject().put("mode", "HMAC").put("preset", "GITHUB").put("secret", "gh-flow-secret"))));
        created(admin.post("/api/v1/connections/" + created.getString("id") + "/triggers",
                new JsonObject().put("flowId", flow).put("action", "START")));
        String body = "{\"ref\":\"refs/heads/main\"}";
        String delivery = UUID.randomUUID().toString();

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(Http.webhook(app.ingestPort(), created.getString("id")).body(body)
                    .header("x-hub-signature-256", "sha256=" + hmac("gh-flow-secret", body))
                    .header("x-github-delivery", delivery).send().status()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/connections/" + created.getString("id") + "/requests").json()
                .getJsonArray("data").size() == 3);
        assertThat(runs(flow)).hasSize(1);
    }

    @Test
    void syncResolutionRefusesUnknownContactsUntilOneExists() {
        JsonObject body = new JsonObject().put("name", "Sync contacts").put("auth", new JsonObject().put("mode", "NONE"))
                .put("contactResolution", "SYNC").put("identifier", new JsonObject().put("type", "PHONE").put("path", "$.from"));
        String id = created(admin.post("/api/v1/connections", body)).getString("id");
        String phone = "+4477009" + (100_000 + (int) (Math.random() * 800_000));

        Http.Reply unknown = Http.webhook(app.ingestPort(), id).body("{\"from\":\"" + phone + "\"}").send();
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().getString("outcome")).isEqualTo("IDENTIFIER_NOT_FOUND");

        created(admin.post("/api/v1/contacts", new JsonObject().put("phone", phone.substring(0, 4) + " " + phone.substring(4))));
        await().atMost(Duration.ofSeconds(1)).until(() -> Http.webhook(app.ingestPort(), id)
                .body("{\"from\":\"00" + phone.substring(1) + "\"}").send().status() == 202);
        assertThat(field(admin.post("/api/v1/connections", new JsonObject().put("name", "Sync without identifier")
                .put("auth", new JsonObject().put("mode", "NONE")).put("contactResolution", "SYNC")))).isEqualTo("contactResolution");
    }

    @Test
    void triggerValidationNamesTheField() {
        String id = connection("Trigger rules", null, false);
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Rules flow"))).getString("id");

        assertThat(field(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "RESUME")))).isEqualTo("correlationPath");
        assertThat(field(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "STOP")))).isEqualTo("action");
        assertThat(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", "flow_unknown").put("action", "START")).status()).isEqualTo(404);
        created(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")));
        assertThat(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")).status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/connections/" + id).json().getInteger("flowsCount")).isEqualTo(1);
        String trigger = admin.get("/api/v1/connections/" + id + "/triggers").json().getJsonArray("data").getJsonObject(0).getString("id");
        assertThat(admin.delete("/api/v1/triggers/" + trigger).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/connections/" + id).json().getInteger("flowsCount")).isZero();
    }

    private static JsonArray runs(String flow) {
        return admin.get("/api/v1/flows/" + flow + "/runs").json().getJsonArray("data");
    }

    private static List<ConsumerRecord<String, byte[]>> commandsFor(String contact) {
        return TopicProbe.readAll(app.kafkaBootstrap(), Topics.FLOW_COMMANDS).stream().filter(r -> contact.equals(r.key())).toList();
    }

    private static List<String> eventTypes() {
        return TopicProbe.readAll(app.kafkaBootstrap(), Topics.EVENTS).stream()
                .filter(r -> tenant.organisationId().equals(TopicProbe.header(r, "ce_organisationid")))
                .map(r -> TopicProbe.header(r, "ce_type")).toList();
    }

    private static String connection(String name, JsonObject identifier, boolean createMissing) {
        JsonObject body = new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", "NONE"))
                .put("createMissingContacts", createMissing);
        if (identifier != null) {
            body.put("identifier", identifier);
        }
        return created(admin.post("/api/v1/connections", body)).getString("id");
    }

    private static JsonObject created(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static String field(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        return reply.json().getJsonObject("error").getString("field");
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
