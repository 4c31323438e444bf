package io.hookgate.deploy.hostile;

import io.hookgate.deploy.Hookgate;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.InboundWatch;
import io.hookgate.deploy.support.LogCapture;
import io.hookgate.deploy.support.RawHttp;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input against the real ingest port (real Kafka, real PostgreSQL): every case asserts the exact
 * status and outcome (and reason for a 401), that a refusal published nothing to {@code hookgate.inbound},
 * and that no case got a 5xx or hung. The logs of the whole run are checked for secrets, signatures,
 * payloads and header values. Cases: {@link SignatureCases}, {@link BodyCases}, {@link PathCases}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileIngestTest {
    static final String SECRET_MARKER = "SeCrEtMaRkEr";
    static final String PAYLOAD_MARKER = "PaYlOaDmArKeR-41c9";
    static final long REQUEST_TIMEOUT_MS = 2500;

    static Hookgate app;
    static Conns conns;
    private static Http.Admin admin;
    private static LogCapture logs;
    private static InboundWatch inbound;
    private static final AtomicInteger CASES = new AtomicInteger();
    /** Every signature and secret-bearing header value sent: none may show up in a log line. */
    static final Set<String> SENT_CREDENTIALS = ConcurrentHashMap.newKeySet();

    /** The connections the cases aim at, and their secrets. */
    record Conns(String stripe, String stripeSecret, String svix, byte[] svixKey, String svixSecret, String slack,
                 String slackSecret, String github, String githubSecret, String shared, String sharedSecret,
                 String none, String xml, String identified, String flow) {
    }

    @BeforeAll
    static void start() {
        logs = LogCapture.start();
        app = TestApp.start(SharedKafka.bootstrap(),
                Map.of("HOOKGATE_INGEST_REQUEST_TIMEOUT_MS", Long.toString(REQUEST_TIMEOUT_MS)), BatchObserver.NONE);
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        String stripeSecret = "whsec_" + SECRET_MARKER + "stripe0001";
        byte[] svixKey = (SECRET_MARKER + "-svix-key-0001").getBytes(StandardCharsets.UTF_8);
        String svixSecret = "whsec_" + Base64.getEncoder().encodeToString(svixKey);
        String slackSecret = SECRET_MARKER + "slack0001";
        String githubSecret = SECRET_MARKER + "github0001";
        String sharedSecret = SECRET_MARKER + "shared0001";
        String flow = admin.post("/api/v1/flows", new JsonObject().put("name", "Hostile flow")).json().getString("id");
        String identified = create(admin, "Hostile identified", new JsonObject().put("mode", "NONE"),
                new JsonObject().put("identifier", new JsonObject().put("type", "EMAIL").put("path", "$.email"))
                        .put("createMissingContacts", true));
        admin.post("/api/v1/connections/" + identified + "/triggers", new JsonObject().put("flowId", flow).put("action", "START"));
        conns = new Conns(
                create(admin, "Hostile stripe", new JsonObject().put("mode", "STRIPE").put("secret", stripeSecret), null), stripeSecret,
                create(admin, "Hostile svix", new JsonObject().put("mode", "SVIX").put("secret", svixSecret), null), svixKey, svixSecret,
                create(admin, "Hostile slack", new JsonObject().put("mode", "SLACK").put("secret", slackSecret), null), slackSecret,
                create(admin, "Hostile github", new JsonObject().put("mode", "HMAC").put("preset", "GITHUB").put("secret", githubSecret), null),
                githubSecret,
                create(admin, "Hostile shared", new JsonObject().put("mode", "SHARED_SECRET").put("secret", sharedSecret), null), sharedSecret,
                create(admin, "Hostile none", new JsonObject().put("mode", "NONE"), null),
                create(admin, "Hostile xml", new JsonObject().put("mode", "NONE"), new JsonObject().put("format", "XML")),
                identified, flow);
        SENT_CREDENTIALS.addAll(List.of(stripeSecret, svixSecret, slackSecret, githubSecret, sharedSecret));
        inbound = new InboundWatch(app.kafkaBootstrap(), Topics.INBOUND);
    }

    @AfterAll
    static void stop() {
        inbound.close();
        app.close();
        logs.close();
    }

    @Test
    @Order(1)
    void nulAndControlCharactersInTheUrlAreA404WhoseHistoryIsStoredNotDeadLettered() {
        List<HostileRequest> requests = List.of(
                HostileRequest.post("/webhooks/in/%00"),
                HostileRequest.post("/webhooks/in/" + conns.none() + "%00"),
                HostileRequest.post("/webhooks/in/con_%0D%0Ax-injected:%20yes%1B%5B31m"));
        for (HostileRequest request : requests) {
            check(Case.refused("url " + request.requestId, request, 404, "TRIGGER_NOT_FOUND"));
        }
        for (HostileRequest request : requests) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(request.requestId).isEmpty());
            Map<String, Object> row = TestDatabase.historyRows(request.requestId).getFirst();
            assertThat(row).containsEntry("outcome", "TRIGGER_NOT_FOUND").containsEntry("reason", "unknown_connection");
            assertThat((String) row.get("connectionId")).doesNotContain("\u0000", "\r", "\n", "\u001b").contains("\uFFFD");
            assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND_DLQ, request.requestId)).isEmpty();
        }
    }

    @Test
    @Order(2)
    void nulInsidePayloadStringsAndKeysIsAcceptedAndStoredNotDeadLettered() {
        HostileRequest invalidIdentifier = HostileRequest.post("/webhooks/in/" + conns.identified())
                .body("{\"email\":\"nul\\u0000@example.com\",\"marker\":\"" + PAYLOAD_MARKER + "\"}");
        HostileRequest nulVariables = HostileRequest.post("/webhooks/in/" + conns.identified())
                .body("{\"email\":\"nul.keys@example.com\",\"k\\u0000ey\":\"v\\u0000alue\",\"marker\":\"" + PAYLOAD_MARKER + "\"}");
        check(Case.accepted("identifier with NUL", invalidIdentifier));
        check(Case.accepted("variables with NUL", nulVariables));

        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(invalidIdentifier.requestId).isEmpty()
                && !TestDatabase.historyRows(nulVariables.requestId).isEmpty());
        assertThat(TestDatabase.historyRows(invalidIdentifier.requestId).getFirst())
                .as("a NUL makes no e-mail address: tagged, not dead-lettered").containsEntry("outcome", "IDENTIFIER_NOT_FOUND");
        assertThat(TestDatabase.historyRows(nulVariables.requestId).getFirst()).containsEntry("outcome", "ACCEPTED");
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND_DLQ, invalidIdentifier.requestId)).isEmpty();
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND_DLQ, nulVariables.requestId)).isEmpty();
        JsonObject run = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin.get("/api/v1/flows/" + conns.flow() + "/runs").json().getJsonArray("data"), a -> !a.isEmpty()).getJsonObject(0);
        assertThat(run.getJsonObject("variables").getString("webhook.k\uFFFDey")).isEqualTo("v\uFFFDalue");
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> forgedTruncatedDuplicatedReorderedOversizedAndReplayedSignatures() {
        return dynamic(SignatureCases.all(conns));
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> bodiesAtAndOverTheLimitLyingLengthsAndBrokenFraming() {
        return dynamic(BodyCases.framing(conns.none(), REQUEST_TIMEOUT_MS));
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> jsonThatIsNotUtf8OrTooDeepOrTooLong() {
        return dynamic(BodyCases.json(conns.none()));
    }

    @TestFactory
    @Order(6)
    Stream<DynamicTest> xmlWithEntitiesDtdsAndIncludes() {
        return dynamic(BodyCases.xml(conns.xml()));
    }

    @TestFactory
    @Order(7)
    Stream<DynamicTest> headerFloodsAndRequestsTheDecoderCannotRead() {
        return dynamic(PathCases.headers(conns.none()));
    }

    @TestFactory
    @Order(8)
    Stream<DynamicTest> pathTraversalAndUnicodeTricksInTheConnectionId() {
        return dynamic(PathCases.connectionIds(conns.none()));
    }

    @Test
    @Order(100)
    void atLeastTwoHundredCasesRanAndNoSecretSignaturePayloadOrHeaderValueWasLogged() {
        assertThat(CASES.get()).isGreaterThanOrEqualTo(200);
        String text = logs.text();
        assertThat(text).isNotEmpty().contains("\"outcome\":\"UNAUTHORIZED\"");
        assertThat(text).doesNotContain(SECRET_MARKER).doesNotContain(PAYLOAD_MARKER).doesNotContain(HostileRequest.HEADER_MARKER);
        for (String credential : SENT_CREDENTIALS) {
            assertThat(text).as("a credential or signature header value").doesNotContain(credential);
        }
        assertThat(text).doesNotContain("[ERROR]").doesNotContain("\tat io.hookgate");
    }

    /** How a case is answered: our JSON, Vert.x's own bare status before any handler, or no answer at all. */
    enum Answer { JSON, BARE, NONE }

    /**
     * One hostile request and exactly what must come back. {@link Answer#NONE}: the connection is closed
     * without an answer (a body whose framing breaks mid-way), and history must then hold the outcome.
     */
    record Case(String name, HostileRequest request, int status, String outcome, String reason, boolean echoesRequestId,
                boolean published, Answer answer) {
        static Case accepted(String name, HostileRequest request) {
            return new Case(name, request, 202, "ACCEPTED", null, true, true, Answer.JSON);
        }

        static Case refused(String name, HostileRequest request, int status, String outcome) {
            return new Case(name, request, status, outcome, null, true, false, Answer.JSON);
        }

        static Case unauthorized(String name, HostileRequest request, String reason) {
            return new Case(name, request, 401, "UNAUTHORIZED", reason, true, false, Answer.JSON);
        }

        /** Refused by the HTTP decoder before routing; the request id is echoed when its header was read. */
        static Case undecodable(String name, HostileRequest request, int status, String outcome) {
            return new Case(name, request, status, outcome, null, true, false, Answer.JSON);
        }

        /** Refused before a request id could be read (not HTTP, or a request line too long): the answer has a generated one. */
        static Case withoutRequestId(String name, HostileRequest request, int status, String outcome) {
            return new Case(name, request, status, outcome, null, false, false, Answer.JSON);
        }

        /** Answered by Vert.x itself before any application handler (no JSON body possible). */
        static Case bare(String name, HostileRequest request, int status) {
            return new Case(name, request, status, null, null, false, false, Answer.BARE);
        }

        /** The connection closes without an answer; history records {@code outcome} with {@code status}. */
        static Case closed(String name, HostileRequest request, int status, String outcome) {
            return new Case(name, request, status, outcome, null, true, false, Answer.NONE);
        }
    }

    private static Stream<DynamicTest> dynamic(List<Case> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    static void check(Case c) {
        CASES.incrementAndGet();
        long started = System.nanoTime();
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            Thread writer = Thread.ofVirtual().start(() -> raw.write(c.request().bytes()));
            if (c.answer() == Answer.NONE) {
                assertThat(raw.closedByServer(Duration.ofMillis(REQUEST_TIMEOUT_MS + 5_000))).as(c.name()).isTrue();
                joinQuietly(writer);
                assertRecorded(c);
            } else {
                RawHttp.Response reply = raw.read(Duration.ofSeconds(15));
                joinQuietly(writer);
                assertAnswer(c, reply);
            }
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).as("%s answered without hanging", c.name()).isLessThan(REQUEST_TIMEOUT_MS + 5_000);
        assertThat(inbound.published(c.request().requestId)).as("%s published to hookgate.inbound", c.name()).isEqualTo(c.published());
    }

    private static void assertAnswer(Case c, RawHttp.Response reply) {
        assertThat(reply.status()).as("%s: %s", c.name(), reply.body()).isEqualTo(c.status());
        if (c.answer() == Answer.BARE) {
            assertThat(reply.body()).as(c.name()).isEmpty();
            return;
        }
        assertThat(reply.header("content-type")).as(c.name()).isEqualTo("application/json");
        JsonObject json = reply.json();
        assertThat(json.getString("outcome")).as(c.name()).isEqualTo(c.outcome());
        assertThat(json.getString("reason")).as(c.name()).isEqualTo(c.reason());
        if (c.status() != 202) {
            assertThat(json.getString("message")).as(c.name()).isNotBlank();
        }
        if (c.echoesRequestId()) {
            assertThat(json.getString("requestId")).as(c.name()).isEqualTo(c.request().requestId);
            assertThat(reply.header("x-request-id")).as(c.name()).isEqualTo(c.request().requestId);
        } else {
            assertThat(json.getString("requestId")).as(c.name()).startsWith("req_");
        }
    }

    private static void assertRecorded(Case c) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(c.request().requestId).isEmpty());
        assertThat(TestDatabase.historyRows(c.request().requestId).getFirst()).as(c.name())
                .containsEntry("outcome", c.outcome()).containsEntry("status", c.status());
    }

    private static void joinQuietly(Thread writer) {
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String create(Http.Admin admin, String name, JsonObject auth, JsonObject extra) {
        JsonObject body = new JsonObject().put("name", name).put("auth", auth);
        if (extra != null) {
            body.mergeIn(extra);
        }
        Http.Reply reply = admin.post("/api/v1/connections", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().getString("id");
    }
}
