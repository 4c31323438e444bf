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

/** IP allow-lists, rate limits, identifier paths and requireTrigger over HTTP: status, outcome, nothing published. */
class InboundRulesTest {
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
    void callerOutsideTheAllowListGets403AndInsideIsAccepted() {
        String outside = create(new JsonObject().put("name", "Allow other net").put("allowedIps", new JsonArray().add("10.0.0.0/8")));
        String inside = create(new JsonObject().put("name", "Allow loopback").put("allowedIps", new JsonArray().add("127.0.0.0/8").add("::1")));

        String id = "ip-" + UUID.randomUUID();
        Http.Reply refused = Http.webhook(app.ingestPort(), outside).header("x-request-id", id).send();

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("outcome")).isEqualTo("FORBIDDEN_IP");
        assertNotPublishedButRecorded(id, "FORBIDDEN_IP");
        assertThat(Http.webhook(app.ingestPort(), inside).send().status()).isEqualTo(202);
    }

    @Test
    void connectionOverItsRateLimitGets429WithRetryAfterWhileOthersAreUnaffected() {
        String limited = create(new JsonObject().put("name", "Limited").put("rateLimitPerSecond", 3));
        String other = create(new JsonObject().put("name", "Unlimited"));

        int accepted = 0;
        Http.Reply refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Http.Reply r = Http.webhook(app.ingestPort(), limited).send();
            if (r.status() == 202) {
                accepted++;
            } else {
                refused = r;
            }
        }

        assertThat(accepted).isBetween(3, 4);
        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().getString("outcome")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("retry-after"))).isPositive();
        assertThat(Http.webhook(app.ingestPort(), other).send().status()).isEqualTo(202);
    }

    @Test
    void identifierThatDoesNotResolveToAScalarIs422AndNothingIsPublished() {
        String id = create(new JsonObject().put("name", "Identified")
                .put("identifier", new JsonObject().put("type", "EMAIL").put("path", "$.data.customer.email")));

        String missing = "ident-" + UUID.randomUUID();
        Http.Reply refused = Http.webhook(app.ingestPort(), id).header("x-request-id", missing)
                .body("{\"data\":{\"customer\":{\"name\":\"Ann\"}}}").send();
        Http.Reply objectValue = Http.webhook(app.ingestPort(), id)
                .body("{\"data\":{\"customer\":{\"email\":{\"work\":\"a@b.c\"}}}}").send();
        Http.Reply ok = Http.webhook(app.ingestPort(), id).body("{\"data\":{\"customer\":{\"email\":\"ann@example.com\"}}}").send();

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getString("outcome")).isEqualTo("IDENTIFIER_NOT_FOUND");
        assertThat(objectValue.status()).isEqualTo(422);
        assertThat(ok.status()).isEqualTo(202);
        assertNotPublishedButRecorded(missing, "IDENTIFIER_NOT_FOUND");
    }

    @Test
    void aConnectionWithAnIdentifierKeysItsRecordsByConnectionAndNormalisedContact() {
        String identified = create(new JsonObject().put("name", "Keyed by contact")
                .put("identifier", new JsonObject().put("type", "EMAIL").put("path", "$.customer.email")));
        String plain = create(new JsonObject().put("name", "Keyed by connection"));
        String first = "key-" + UUID.randomUUID();
        String second = "key-" + UUID.randomUUID();
        String unidentified = "key-" + UUID.randomUUID();
        String notAnEmail = "key-" + UUID.randomUUID();

        assertThat(Http.webhook(app.ingestPort(), identified).header("x-request-id", first)
                .body("{\"customer\":{\"email\":\" Ann@Example.COM \"}}").send().status()).isEqualTo(202);
        assertThat(Http.webhook(app.ingestPort(), identified).header("x-request-id", second)
                .body("{\"customer\":{\"email\":\"ann@example.com\"}}").send().status()).isEqualTo(202);
        assertThat(Http.webhook(app.ingestPort(), plain).header("x-request-id", unidentified).send().status()).isEqualTo(202);
        assertThat(Http.webhook(app.ingestPort(), identified).header("x-request-id", notAnEmail)
                .body("{\"customer\":{\"email\":\"not an address\"}}").send().status()).isEqualTo(202);

        // Both spellings of one contact share a key, hence a partition and their order.
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, first))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(identified + ":ann@example.com"));
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, second))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(identified + ":ann@example.com"));
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, unidentified))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(plain));
        // No contact can be resolved from it, so it has no contact's order to keep: keyed by its connection.
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, notAnEmail))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(identified));
    }

    @Test
    void connectionRequiringATriggerAnswers404WhileNoFlowIsBound() {
        String id = create(new JsonObject().put("name", "Needs a flow").put("requireTrigger", true));
        String request = "notrigger-" + UUID.randomUUID();

        Http.Reply reply = Http.webhook(app.ingestPort(), id).header("x-request-id", request).send();

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getString("outcome")).isEqualTo("TRIGGER_NOT_FOUND");
        assertNotPublishedButRecorded(request, "TRIGGER_NOT_FOUND");
    }

    @Test
    void invalidAllowListsAndPathsAreRefusedNamingTheField() {
        Http.Reply badIp = admin.post("/api/v1/connections", base("Bad ip").put("allowedIps", new JsonArray().add("example.com")));
        Http.Reply badPath = admin.post("/api/v1/connections", base("Bad path")
                .put("identifier", new JsonObject().put("type", "EMAIL").put("path", "$[[[")));
        Http.Reply badRate = admin.post("/api/v1/connections", base("Bad rate").put("rateLimitPerSecond", 0));

        assertThat(badIp.json().getJsonObject("error").getString("field")).isEqualTo("allowedIps");
        assertThat(badPath.json().getJsonObject("error").getString("field")).isEqualTo("identifier.path");
        assertThat(badRate.json().getJsonObject("error").getString("field")).isEqualTo("rateLimitPerSecond");
    }

    @Test
    void patchTightensTheAllowListOnTheIngestPathWithinASecond() {
        String id = create(new JsonObject().put("name", "Tightened"));
        assertThat(Http.webhook(app.ingestPort(), id).send().status()).isEqualTo(202);

        assertThat(admin.patch("/api/v1/connections/" + id, new JsonObject().put("allowedIps", new JsonArray().add("192.0.2.0/24"))).status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(1)).until(() -> Http.webhook(app.ingestPort(), id).send().status() == 403);
    }

    private static JsonObject base(String name) {
        return new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", "NONE"));
    }

    private static String create(JsonObject body) {
        body.put("auth", new JsonObject().put("mode", "NONE"));
        Http.Reply reply = admin.post("/api/v1/connections", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private static void assertNotPublishedButRecorded(String requestId, String outcome) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(requestId).isEmpty());
        assertThat(TestDatabase.historyRows(requestId).getFirst()).containsEntry("outcome", outcome);
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, requestId)).isEmpty();
    }
}
