package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Capture: one sample becomes the schema (not dispatched); the schema names the flow variables. */
class CaptureTest {
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
    void nextPayloadIsCapturedAsTheSchemaAndNotDispatched() {
        String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Captured")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        Http.Reply opened = admin.post("/api/v1/connections/" + id + "/capture", new JsonObject());
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().getString("captureUntil")).isNotBlank();
        String sampleRequest = "sample-" + UUID.randomUUID();

        Http.Reply captured = await().atMost(Duration.ofSeconds(1)).until(() -> Http.webhook(app.ingestPort(), id)
                .header("x-request-id", sampleRequest + "-" + System.nanoTime())
                .body("{\"data\":{\"email\":\"a@b.c\",\"age\":3,\"vip\":true,\"note\":null},\"items\":[{\"sku\":\"x\"}]}").send(),
                r -> r.json().getString("outcome").equals("SAMPLE_CAPTURED"));
        Http.Reply after = Http.webhook(app.ingestPort(), id).header("x-request-id", sampleRequest + "-after").send();

        assertThat(captured.status()).isEqualTo(202);
        assertThat(after.json().getString("outcome")).as("the window closes after one sample").isEqualTo("ACCEPTED");
        JsonObject schema = admin.get("/api/v1/connections/" + id + "/schema").json();
        assertThat(schema.getInteger("version")).isEqualTo(1);
        assertThat(schema.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("path") + ":" + ((JsonObject) f).getString("type")
                + ":" + ((JsonObject) f).getBoolean("required")))
                .containsExactly("data.age:integer:true", "data.email:string:true", "data.note:null:false", "data.vip:boolean:true", "items[0].sku:string:true");
        assertThat(admin.get("/api/v1/connections/" + id).json().getInteger("schemaVersion")).isEqualTo(1);
        String capturedId = captured.json().getString("requestId");
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, capturedId)).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/requests/" + capturedId).status() == 200);
        assertThat(admin.get("/api/v1/requests/" + capturedId).json().getString("outcome")).isEqualTo("SAMPLE_CAPTURED");
    }

    @Test
    void injectedSampleReplacesTheSchemaAndVariablesFollowIt() {
        String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Injected")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        String flow = admin.post("/api/v1/flows", new JsonObject().put("name", "Schema driven")).json().getString("id");
        admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START"));

        Http.Reply injected = admin.post("/api/v1/connections/" + id + "/schema",
                new JsonObject().put("sample", new JsonObject().put("order", new JsonObject().put("id", "o1").put("total", 1))));
        assertThat(injected.status()).isEqualTo(200);
        assertThat(injected.json().getInteger("version")).isEqualTo(1);

        assertThat(Http.webhook(app.ingestPort(), id).body("{\"order\":{\"id\":\"o9\"},\"extra\":1}").send().status()).isEqualTo(202);
        JsonArray runs = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin.get("/api/v1/flows/" + flow + "/runs").json().getJsonArray("data"), a -> !a.isEmpty());
        JsonObject variables = runs.getJsonObject(0).getJsonObject("variables");
        assertThat(variables.getString("webhook.order.id")).isEqualTo("o9");
        assertThat(variables.containsKey("webhook.order.total")).as("absent from this payload → null").isTrue();
        assertThat(variables.getValue("webhook.order.total")).isNull();
        assertThat(variables.containsKey("webhook.extra")).as("not in the schema").isFalse();
    }
}
