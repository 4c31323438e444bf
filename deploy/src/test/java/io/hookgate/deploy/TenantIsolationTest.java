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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * For every admin route the router serves, another organisation's key and the other environment's key
 * cannot see or touch organisation A's resources. Routes come from the router, so a new route with a
 * resource id it does not know makes this test fail until it is covered.
 */
class TenantIsolationTest {
    private static Hookgate app;
    private static TestDatabase.Tenant owner;
    /** A resource of the owner per path template: what {id} stands for on that route. */
    private static final Map<String, String> OWNED = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        owner = TestDatabase.newTenant();
        Http.Admin admin = new Http.Admin(app.adminPort(), owner.testKey());
        String connection = admin.post("/api/v1/connections", new JsonObject().put("name", "Owned")
                .put("auth", new JsonObject().put("mode", "SHARED_SECRET"))).json().getString("id");
        Http.webhook(app.ingestPort(), connection).header("x-request-id", "owned-request-" + connection).send();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/requests/owned-request-" + connection).status() == 200);
        String apiKey = admin.post("/api/v1/api-keys", new JsonObject()).json().getString("id");
        OWNED.put("/api/v1/connections/{id}", connection);
        OWNED.put("/api/v1/requests/{requestId}", "owned-request-" + connection);
        OWNED.put("/api/v1/api-keys/{id}", apiKey);
        String flow = admin.post("/api/v1/flows", new JsonObject().put("name", "Owned flow")).json().getString("id");
        OWNED.put("/api/v1/flows/{id}", flow);
        OWNED.put("/api/v1/triggers/{id}", admin.post("/api/v1/connections/" + connection + "/triggers",
                new JsonObject().put("flowId", flow).put("action", "START")).json().getString("id"));
        String webhook = admin.post("/api/v1/webhooks", new JsonObject().put("url", "https://10.255.255.1/owned")
                .put("events", new io.vertx.core.json.JsonArray().add("flow.owned"))).json().getString("id");
        OWNED.put("/api/v1/webhooks/{id}", webhook);
        admin.post("/api/v1/events", new JsonObject().put("type", "flow.owned"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !admin.get("/api/v1/webhooks/" + webhook + "/deliveries").json().getJsonArray("data").isEmpty());
        OWNED.put("/api/v1/deliveries/{id}", admin.get("/api/v1/webhooks/" + webhook + "/deliveries").json().getJsonArray("data")
                .getJsonObject(0).getString("delivery_id"));
        OWNED.put("/api/v1/contacts/{id}", admin.post("/api/v1/contacts",
                new JsonObject().put("email", "owned-" + connection + "@example.com")).json().getString("id"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void otherOrganisationsAndEnvironmentsGet404OnEveryRouteWithAnId() {
        List<Http.Admin> outsiders = List.of(
                new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey()),
                new Http.Admin(app.adminPort(), owner.liveKey()));
        List<String> checked = new ArrayList<>();
        for (String operation : app.adminOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            if (!template.contains("{")) {
                continue;
            }
            String path = resolve(template);
            for (Http.Admin outsider : outsiders) {
                Http.Reply reply = switch (method) {
                    case "GET" -> outsider.get(path);
                    case "DELETE" -> outsider.delete(path);
                    case "PATCH" -> outsider.patch(path, new JsonObject().put("name", "Taken over"));
                    case "POST" -> outsider.post(path, new JsonObject());
                    default -> throw new AssertionError("no check for " + operation);
                };
                assertThat(reply.status()).as(operation + " as an outsider").isEqualTo(404);
            }
            checked.add(operation);
        }
        assertThat(checked).isNotEmpty();
        // And the owner still sees everything intact.
        Http.Admin admin = new Http.Admin(app.adminPort(), owner.testKey());
        assertThat(admin.get("/api/v1/connections/" + OWNED.get("/api/v1/connections/{id}")).json().getString("name")).isEqualTo("Owned");
    }

    @Test
    void listsNeverShowAnotherTenantsResources() {
        List<Http.Admin> outsiders = List.of(
                new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey()),
                new Http.Admin(app.adminPort(), owner.liveKey()));
        for (String operation : app.adminOperations()) {
            String template = operation.substring(operation.indexOf(' ') + 1);
            if (!operation.startsWith("GET /api/v1/") || template.contains("{") || template.endsWith("openapi.json")
                    || template.equals("/api/v1/contacts")) { // a lookup needs an identifier: see the end of this test
                continue;
            }
            for (Http.Admin outsider : outsiders) {
                Http.Reply reply = outsider.get(template);
                assertThat(reply.status()).as(operation).isEqualTo(200);
                OWNED.values().forEach(id -> assertThat(reply.body()).as(operation).doesNotContain(id));
            }
        }
        String email = "owned-" + OWNED.get("/api/v1/connections/{id}") + "@example.com";
        for (Http.Admin outsider : outsiders) {
            assertThat(outsider.get("/api/v1/contacts?email=" + email).json().getJsonArray("data")).isEmpty();
        }
        assertThat(new Http.Admin(app.adminPort(), owner.testKey()).get("/api/v1/contacts?email=" + email).json().getJsonArray("data")).hasSize(1);
    }

    @Test
    void everyApiRouteNeedsAKey() {
        Http.Admin anonymous = new Http.Admin(app.adminPort(), null);
        for (String operation : app.adminOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            if (!template.startsWith("/api/v1/") || template.endsWith("openapi.json")) {
                continue;
            }
            String path = template.contains("{") ? resolve(template) : template;
            Http.Reply reply = switch (method) {
                case "GET" -> anonymous.get(path);
                case "DELETE" -> anonymous.delete(path);
                case "PATCH" -> anonymous.patch(path, new JsonObject());
                default -> anonymous.post(path, new JsonObject());
            };
            assertThat(reply.status()).as(operation + " without a key").isEqualTo(401);
        }
    }

    /** Fills the template's id with the owner's resource of that kind (the longest known prefix wins). */
    private static String resolve(String template) {
        for (Map.Entry<String, String> owned : OWNED.entrySet()) {
            String prefix = owned.getKey();
            if (template.startsWith(prefix)) {
                return prefix.substring(0, prefix.indexOf('{')) + owned.getValue() + template.substring(prefix.length());
            }
        }
        throw new AssertionError("TenantIsolationTest does not know what resource " + template + " names: add one to OWNED");
    }
}
