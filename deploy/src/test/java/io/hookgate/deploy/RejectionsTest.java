package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad request gets its exact status and outcome, nothing of it reaches {@code hookgate.inbound},
 * and the rejection is in history.
 */
class RejectionsTest {
    private static final int LIMIT = 102_400;
    private static Hookgate app;
    private static Http.Admin admin;
    private static String connectionId;
    private static String secret;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        JsonObject created = admin.post("/api/v1/connections", new JsonObject().put("name", "Guarded")
                .put("auth", new JsonObject().put("mode", "SHARED_SECRET"))).json();
        connectionId = created.getString("id");
        secret = created.getString("secret");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void rejectsWrongSharedSecretWith401InvalidCredentials() {
        String id = requestId();
        Http.Reply reply = signed(id).header("x-webhook-secret", secret + "x").send();

        assertRejected(reply, id, 401, "UNAUTHORIZED");
        assertThat(reply.json().getString("reason")).isEqualTo("invalid_credentials");
        assertThat(reply.body()).doesNotContain(secret);
        assertRecordedNotPublished(id, "UNAUTHORIZED", "secret_mismatch");
    }

    @Test
    void rejectsMissingSharedSecretWith401MissingCredentials() {
        String id = requestId();
        Http.Reply reply = Http.webhook(app.ingestPort(), connectionId).header("x-request-id", id).send();

        assertRejected(reply, id, 401, "UNAUTHORIZED");
        assertThat(reply.json().getString("reason")).isEqualTo("missing_credentials");
        assertRecordedNotPublished(id, "UNAUTHORIZED", "missing_secret_header");
    }

    @Test
    void rejectsInvalidJsonWith400() {
        String id = requestId();
        Http.Reply reply = signed(id).body("{\"unterminated\": ").send();

        assertRejected(reply, id, 400, "INVALID_JSON");
        assertThat(reply.json().containsKey("reason")).isFalse();
        assertRecordedNotPublished(id, "INVALID_JSON", "malformed_json");
    }

    @Test
    void rejectsJsonWithTrailingGarbageWith400() {
        String id = requestId();
        assertRejected(signed(id).body("{\"a\":1} trailing").send(), id, 400, "INVALID_JSON");
        assertRecordedNotPublished(id, "INVALID_JSON", "malformed_json");
    }

    @Test
    void acceptsBodyOfExactlyTheLimit() {
        String id = requestId();
        Http.Reply reply = signed(id).body(jsonOfSize(LIMIT)).send();

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    }

    @Test
    void rejectsBodyOneByteOverTheLimitWithContentLength() {
        String id = requestId();
        Http.Reply reply = signed(id).body(jsonOfSize(LIMIT + 1)).send();

        assertRejected(reply, id, 413, "PAYLOAD_TOO_LARGE");
        assertRecordedNotPublished(id, "PAYLOAD_TOO_LARGE", "declared_length_over_limit");
    }

    @Test
    void rejectsChunkedBodyOneByteOverTheLimit() {
        String id = requestId();
        Http.Reply reply = signed(id).body(jsonOfSize(LIMIT + 1)).chunked().send();

        assertRejected(reply, id, 413, "PAYLOAD_TOO_LARGE");
        assertRecordedNotPublished(id, "PAYLOAD_TOO_LARGE", "body_over_limit");
    }

    @Test
    void acceptsChunkedBodyOfExactlyTheLimit() {
        String id = requestId();
        assertThat(signed(id).body(jsonOfSize(LIMIT)).chunked().send().status()).isEqualTo(202);
    }

    @Test
    void rejectsUnknownConnectionWith404() {
        String id = requestId();
        String unknown = "con_" + "A".repeat(24);
        Http.Reply reply = Http.webhook(app.ingestPort(), unknown).header("x-request-id", id).send();

        assertRejected(reply, id, 404, "TRIGGER_NOT_FOUND");
        assertRecordedNotPublished(id, "TRIGGER_NOT_FOUND", "unknown_connection");
    }

    @Test
    void rejectsMalformedConnectionIdWith404WithoutLookingItUp() {
        String id = requestId();
        Http.Reply reply = Http.webhookAt(app.ingestPort(), "/webhooks/in/..%2F..%2Fetc%2Fpasswd").header("x-request-id", id).send();

        assertRejected(reply, id, 404, "TRIGGER_NOT_FOUND");
        assertRecordedNotPublished(id, "TRIGGER_NOT_FOUND", "unknown_connection");
    }

    @Test
    void rejectsDeletedConnectionWith404() {
        JsonObject doomed = admin.post("/api/v1/connections", new JsonObject().put("name", "Deleted one")
                .put("auth", new JsonObject().put("mode", "NONE"))).json();
        admin.delete("/api/v1/connections/" + doomed.getString("id"));
        String id = requestId();

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                Http.webhook(app.ingestPort(), doomed.getString("id")).header("x-request-id", id).send().status()).isEqualTo(404));
        assertRecordedNotPublished(id, "TRIGGER_NOT_FOUND", "deleted_connection");
    }

    @Test
    void rejectsProviderQualifiedUrlOfAnotherProviderWith400() {
        String id = requestId();
        Http.Reply reply = Http.webhookAt(app.ingestPort(), "/webhooks/stripe/" + connectionId)
                .header("x-request-id", id).header("x-webhook-secret", secret).send();

        assertRejected(reply, id, 400, "PROVIDER_MISMATCH");
        assertRecordedNotPublished(id, "PROVIDER_MISMATCH", "provider_mismatch");
    }

    @Test
    void acceptsProviderQualifiedUrlOfItsOwnMode() {
        String id = requestId();
        Http.Reply reply = Http.webhookAt(app.ingestPort(), "/webhooks/generic/" + connectionId)
                .header("x-request-id", id).header("x-webhook-secret", secret).send();

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void replacesUnacceptableRequestIdWithAGeneratedOne() {
        Http.Reply reply = signed("x".repeat(201)).send();

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().getString("requestId")).startsWith("req_");
        assertThat(reply.header("x-request-id")).isEqualTo(reply.json().getString("requestId"));
    }

    private static Http.Webhook signed(String requestId) {
        return Http.webhook(app.ingestPort(), connectionId).header("x-request-id", requestId).header("x-webhook-secret", secret);
    }

    private static void assertRejected(Http.Reply reply, String requestId, int status, String outcome) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().getString("outcome")).isEqualTo(outcome);
        assertThat(reply.json().getString("requestId")).isEqualTo(requestId);
        assertThat(reply.json().getString("message")).isNotBlank();
        assertThat(reply.header("x-request-id")).isEqualTo(requestId);
    }

    private static void assertRecordedNotPublished(String requestId, String outcome, String reason) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(requestId).isEmpty());
        List<Map<String, Object>> rows = TestDatabase.historyRows(requestId);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).containsEntry("outcome", outcome).containsEntry("reason", reason);
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, requestId)).isEmpty();
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.REJECTED, requestId)).hasSize(1);
    }

    private static String requestId() {
        return "rej-" + UUID.randomUUID();
    }

    /** A valid JSON document of exactly {@code size} bytes. */
    static String jsonOfSize(int size) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        return prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix;
    }
}
