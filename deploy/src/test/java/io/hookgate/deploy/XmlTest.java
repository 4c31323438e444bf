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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** XML connections: parsed safely (XXE, billion laughs, external DTDs refused at once), XPath, flattened variables. */
class XmlTest {
    private static Hookgate app;
    private static Http.Admin admin;
    private static String connection;
    private static String flow;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        connection = admin.post("/api/v1/connections", new JsonObject().put("name", "Xml orders").put("format", "XML")
                .put("auth", new JsonObject().put("mode", "NONE"))
                .put("identifier", new JsonObject().put("type", "EMAIL").put("path", "/order/customer/email"))
                .put("createMissingContacts", true)).json().getString("id");
        flow = admin.post("/api/v1/flows", new JsonObject().put("name", "Xml flow")).json().getString("id");
        admin.post("/api/v1/connections/" + connection + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")
                .put("correlationPath", "/order/@id"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void acceptsXmlAndStartsARunWithXPathValuesAndFlattenedVariables() {
        String xml = "<order id=\"ord-77\"><customer><email>Xml.Buyer@Example.com</email></customer><total>12.50</total></order>";

        Http.Reply reply = xmlPost(xml, "xml-ok-" + UUID.randomUUID());

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonObject run = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin.get("/api/v1/flows/" + flow + "/runs").json().getJsonArray("data"), a -> !a.isEmpty()).getJsonObject(0);
        assertThat(run.getString("correlationValue")).isEqualTo("ord-77");
        assertThat(run.getString("contactId")).isNotNull();
        assertThat(run.getJsonObject("variables").getString("webhook.order.customer.email")).isEqualTo("Xml.Buyer@Example.com");
        assertThat(run.getJsonObject("variables").getString("webhook.order.@id")).isEqualTo("ord-77");
        JsonArray contacts = admin.get("/api/v1/contacts?email=xml.buyer@example.com").json().getJsonArray("data");
        assertThat(contacts).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><order><customer><email>&xxe;</email></customer></order>",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                    + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                    + "<!ENTITY lol9 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">]><order><customer><email>&lol9;</email></customer></order>",
            "<?xml version=\"1.0\"?><!DOCTYPE order SYSTEM \"http://127.0.0.1:9/evil.dtd\"><order><customer><email>a@b.c</email></customer></order>",
            "<order><customer><email>a@b.c</email></order>",
            "{\"order\":{\"customer\":{\"email\":\"a@b.c\"}}}"})
    void hostileOrMalformedXmlIs400InvalidXmlAtOnceAndNotPublished(String body) {
        String requestId = "xml-bad-" + UUID.randomUUID();
        long started = System.nanoTime();

        Http.Reply reply = xmlPost(body, requestId);

        assertThat((System.nanoTime() - started) / 1_000_000).as("no entity expansion, no fetch").isLessThan(2_000);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("outcome")).isEqualTo("INVALID_XML");
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(requestId).isEmpty());
        assertThat(TestDatabase.historyRows(requestId).getFirst().get("reason")).isIn("doctype_forbidden", "malformed_xml");
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, requestId)).isEmpty();
    }

    @Test
    void xmlWithoutTheIdentifierIs422() {
        Http.Reply reply = xmlPost("<order id=\"o1\"><customer><name>Ann</name></customer></order>", "xml-noid-" + UUID.randomUUID());

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().getString("outcome")).isEqualTo("IDENTIFIER_NOT_FOUND");
    }

    private static Http.Reply xmlPost(String body, String requestId) {
        return Http.webhook(app.ingestPort(), connection).header("content-type", "application/xml")
                .header("x-request-id", requestId).body(body).send();
    }
}
