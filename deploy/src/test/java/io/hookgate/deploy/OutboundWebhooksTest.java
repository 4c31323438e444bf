package io.hookgate.deploy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.Sink;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Outbound webhooks against a local sink: signed per Standard Webhooks, retried, disabled on 410, SSRF-safe. */
class OutboundWebhooksTest {
    private static Hookgate app;
    private static Http.Admin admin;
    private static Sink sink;

    @BeforeAll
    static void start() {
        sink = new Sink();
        app = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_OUTBOUND_ALLOW", "127.0.0.1/32",
                "HOOKGATE_OUTBOUND_RETRY_BASE_MS", "100", "HOOKGATE_OUTBOUND_TIMEOUT_MS", "3000"), BatchObserver.NONE);
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
    }

    @AfterAll
    static void stop() {
        app.close();
        sink.close();
    }

    @Test
    void publishedEventIsDeliveredSignedToEverySubscribedEndpoint() throws Exception {
        String path = "/signed-" + UUID.randomUUID();
        JsonObject endpoint = endpoint(sink.url(path), new JsonArray().add("flow.*"), "bearer-token-123");
        String secret = endpoint.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(endpoint.getString("environment")).isEqualTo("test");
        assertThat(endpoint.getBoolean("auth_token_configured")).isTrue();
        assertThat(admin.get("/api/v1/webhooks/" + endpoint.getString("id")).body()).doesNotContain(secret).doesNotContain("bearer-token-123");

        Http.Reply published = admin.post("/api/v1/events", new JsonObject().put("type", "flow.order_shipped")
                .put("data", new JsonObject().put("order", "o-1")));
        assertThat(published.status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.received(path).size() == 1);
        Sink.Received delivery = sink.received(path).getFirst();
        JsonObject body = new JsonObject(delivery.body());
        assertThat(body.getString("type")).isEqualTo("flow.order_shipped");
        assertThat(body.getJsonObject("data").getString("order")).isEqualTo("o-1");
        assertThat(body.getString("timestamp")).isNotBlank();
        assertThat(delivery.headers().get("authorization")).isEqualTo("Bearer bearer-token-123");
        new Webhook(secret).verify(delivery.body(), HttpHeaders.of(Map.of(
                "webhook-id", List.of(delivery.headers().get("webhook-id")),
                "webhook-timestamp", List.of(delivery.headers().get("webhook-timestamp")),
                "webhook-signature", List.of(delivery.headers().get("webhook-signature"))), (a, b) -> true));

        // The sink sees the request before the worker has written the attempt down.
        String attemptsPath = "/api/v1/webhooks/" + endpoint.getString("id") + "/deliveries";
        await().atMost(Duration.ofSeconds(10)).until(() -> !admin.get(attemptsPath).json().getJsonArray("data").isEmpty());
        JsonArray attempts = admin.get(attemptsPath).json().getJsonArray("data");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getJsonObject(0).getInteger("response_status")).isEqualTo(200);
        assertThat(attempts.getJsonObject(0).getJsonObject("request_headers").getString("authorization")).isEqualTo("Bearer ***");
    }

    @Test
    void failuresAreRetriedWithTheSameWebhookIdUntilTheSinkAccepts() {
        String path = "/flaky-" + UUID.randomUUID();
        JsonObject endpoint = endpoint(sink.url(path), new JsonArray().add("flow.retried"), null);
        sink.then(path, 500, 503).thenRetryAfter(path, 429, 1);

        admin.post("/api/v1/events", new JsonObject().put("type", "flow.retried").put("data", new JsonObject()));

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.received(path).size() == 4);
        assertThat(sink.received(path).stream().map(r -> r.headers().get("webhook-id")).distinct()).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/webhooks/" + endpoint.getString("id") + "/deliveries")
                .json().getJsonArray("data").getJsonObject(0).getString("delivery_status").equals("SUCCEEDED"));
    }

    @Test
    void goneEndpointIsDisabledAndOtherClientErrorsAreNotRetried() {
        String gone = "/gone-" + UUID.randomUUID();
        JsonObject endpoint = endpoint(sink.url(gone), new JsonArray().add("flow.gone"), null);
        sink.then(gone, 410);
        admin.post("/api/v1/events", new JsonObject().put("type", "flow.gone").put("data", new JsonObject()));

        await().atMost(Duration.ofSeconds(20)).until(() -> !admin.get("/api/v1/webhooks/" + endpoint.getString("id")).json().getBoolean("active"));
        assertThat(admin.get("/api/v1/webhooks/" + endpoint.getString("id")).json().getString("disabled_reason")).contains("410");

        String redirect = "/redirect-" + UUID.randomUUID();
        JsonObject redirected = endpoint(sink.url(redirect), new JsonArray().add("flow.moved"), null);
        sink.then(redirect, 302);
        admin.post("/api/v1/events", new JsonObject().put("type", "flow.moved").put("data", new JsonObject()));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/webhooks/" + redirected.getString("id") + "/deliveries")
                .json().getJsonArray("data").stream().anyMatch(a -> "FAILED".equals(((JsonObject) a).getString("delivery_status"))));
        assertThat(sink.received(redirect)).as("a redirect is a failure, not followed, not retried").hasSize(1);
    }

    @Test
    void privateAndMetadataAddressesAreRefusedAtConnectTimeWithoutTheAllowList() {
        for (String url : List.of("https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                "https://127.0.0.2/hook")) {
            JsonObject endpoint = endpoint(url, new JsonArray().add("flow.ssrf"), null);
            admin.post("/api/v1/events", new JsonObject().put("type", "flow.ssrf").put("data", new JsonObject()));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonArray attempts = admin.get("/api/v1/webhooks/" + endpoint.getString("id") + "/deliveries").json().getJsonArray("data");
                return !attempts.isEmpty() && "address_refused".equals(attempts.getJsonObject(0).getString("error"));
            });
            admin.delete("/api/v1/webhooks/" + endpoint.getString("id"));
        }
    }

    @Test
    void endpointValidationNamesTheField() {
        assertThat(field(new JsonObject().put("url", "http://example.com/hook").put("events", new JsonArray().add("flow.started")))).isEqualTo("url");
        assertThat(field(new JsonObject().put("url", "https://example.com/hook").put("events", new JsonArray()))).isEqualTo("events");
        assertThat(field(new JsonObject().put("url", "https://example.com/hook").put("events", new JsonArray().add("order.paid")))).isEqualTo("events");
        assertThat(field(new JsonObject().put("url", "https://example.com/hook").put("events", new JsonArray().add("flow.started"))
                .put("description", "x".repeat(257)))).isEqualTo("description");
        assertThat(field(new JsonObject().put("events", new JsonArray().add("flow.started")))).isEqualTo("url");
        assertThat(admin.post("/api/v1/events", new JsonObject().put("type", "Order Paid")).json().getJsonObject("error").getString("field")).isEqualTo("type");
    }

    @Test
    void rotationDuringGraceSignsWithBothSecrets() throws Exception {
        String path = "/rotated-" + UUID.randomUUID();
        JsonObject endpoint = endpoint(sink.url(path), new JsonArray().add("flow.rotated"), null);
        String old = endpoint.getString("secret");
        String fresh = admin.post("/api/v1/webhooks/" + endpoint.getString("id") + "/secret/rotate",
                new JsonObject().put("grace_seconds", 300)).json().getString("secret");

        admin.post("/api/v1/events", new JsonObject().put("type", "flow.rotated").put("data", new JsonObject()));

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.received(path).size() == 1);
        Sink.Received delivery = sink.received(path).getFirst();
        new Webhook(old).verify(delivery.body(), signed(delivery));
        new Webhook(fresh).verify(delivery.body(), signed(delivery));
    }

    @Test
    void aDeliveryAfterARotationIsSignedWithTheNewSecretThoughTheEndpointWasServedBefore() throws Exception {
        String path = "/rerotated-" + UUID.randomUUID();
        JsonObject endpoint = endpoint(sink.url(path), new JsonArray().add("flow.rerotated"), null);
        String old = endpoint.getString("secret");
        admin.post("/api/v1/events", new JsonObject().put("type", "flow.rerotated").put("data", new JsonObject().put("n", 1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.received(path).size() == 1);

        String fresh = admin.post("/api/v1/webhooks/" + endpoint.getString("id") + "/secret/rotate",
                new JsonObject().put("grace_seconds", 300)).json().getString("secret");
        admin.post("/api/v1/events", new JsonObject().put("type", "flow.rerotated").put("data", new JsonObject().put("n", 2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.received(path).size() == 2);

        Sink.Received before = sink.received(path).getFirst();
        Sink.Received after = sink.received(path).get(1);
        assertThat(after.headers().get("webhook-signature").split(" ")).hasSize(2);
        new Webhook(fresh).verify(after.body(), signed(after));
        new Webhook(old).verify(after.body(), signed(after));
        assertThatThrownBy(() -> new Webhook(fresh).verify(before.body(), signed(before))).isInstanceOf(WebhookVerificationException.class);
    }

    private static HttpHeaders signed(Sink.Received delivery) {
        return HttpHeaders.of(Map.of("webhook-id", List.of(delivery.headers().get("webhook-id")),
                "webhook-timestamp", List.of(delivery.headers().get("webhook-timestamp")),
                "webhook-signature", List.of(delivery.headers().get("webhook-signature"))), (a, b) -> true);
    }

    private static JsonObject endpoint(String url, JsonArray events, String token) {
        JsonObject body = new JsonObject().put("url", url).put("events", events).put("description", "test sink");
        if (token != null) {
            body.put("auth_token", token);
        }
        Http.Reply reply = admin.post("/api/v1/webhooks", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static String field(JsonObject body) {
        Http.Reply reply = admin.post("/api/v1/webhooks", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        return reply.json().getJsonObject("error").getString("field");
    }
}
