package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.RawHttp;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.hookgate.gateway.connection.Connection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The process-wide ingest limits against the real server, each configured low: publishes in flight,
 * connections, request and idle timeouts, header count and size, request line length.
 */
class IngestLimitsTest {
    private static final long REQUEST_TIMEOUT_MS = 3000;
    private static final long IDLE_TIMEOUT_MS = 2000;
    private static final int MAX_CONNECTIONS = 6;
    private static Hookgate app;
    private static String connectionId;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap(), Map.of(
                "HOOKGATE_INGEST_MAX_IN_FLIGHT", "2",
                // Every publish waits this long for its batch: two publishes stay in flight long enough to see.
                "HOOKGATE_KAFKA_PRODUCER_LINGER_MS", "1000",
                "HOOKGATE_INGEST_REQUEST_TIMEOUT_MS", Long.toString(REQUEST_TIMEOUT_MS),
                "HOOKGATE_INGEST_IDLE_TIMEOUT_MS", Long.toString(IDLE_TIMEOUT_MS),
                "HOOKGATE_INGEST_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS),
                "HOOKGATE_INGEST_MAX_HEADERS", "20",
                "HOOKGATE_INGEST_MAX_HEADER_BYTES", "4096",
                "HOOKGATE_INGEST_MAX_REQUEST_LINE_BYTES", "1024"), BatchObserver.NONE);
        Http.Admin admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
        connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Limited")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aPublishBeyondTheInFlightLimitIsAnswered503AtOnceAndTheOthersStillSucceed() throws Exception {
        List<CompletableFuture<RawHttp.Response>> held = new ArrayList<>();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < 2; i++) {
            String id = "held-" + i + "-" + UUID.randomUUID();
            held.add(CompletableFuture.supplyAsync(() -> exchange(post(connectionId, id, "{\"n\":1}")), clients));
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> metrics().contains("hookgate_ingest_in_flight 2.0"));
        String shedId = "shed-" + UUID.randomUUID();
        long started = System.nanoTime();

        RawHttp.Response shed = exchange(post(connectionId, shedId, "{\"n\":3}"));

        assertThat((System.nanoTime() - started) / 1_000_000).as("refused at once, not queued").isLessThan(700);
        assertThat(shed.status()).isEqualTo(503);
        assertThat(shed.json().getString("outcome")).isEqualTo("UNAVAILABLE");
        assertThat(shed.json().getString("requestId")).isEqualTo(shedId);
        assertThat(shed.header("retry-after")).isEqualTo("5");
        for (CompletableFuture<RawHttp.Response> f : held) {
            assertThat(f.get().status()).isEqualTo(202);
        }
        clients.close();
        String afterId = "after-" + UUID.randomUUID();
        assertThat(exchange(post(connectionId, afterId, "{\"n\":4}")).status()).as("permits came back").isEqualTo(202);
        assertThat(metrics()).contains("hookgate_ingest_shed_total{limit=\"in_flight\"} 1.0");
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, shedId)).isEmpty();
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, afterId)).hasSize(1);
    }

    @Test
    void aBodyThatTricklesInSlowerThanTheRequestTimeoutIs408AndTheConnectionCloses() {
        String id = "trickle-" + UUID.randomUUID();
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            long started = System.nanoTime();
            raw.write(head(connectionId, id, 100));
            Thread.ofVirtual().start(() -> raw.trickle("{\"slow\":\"".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(400)));

            RawHttp.Response reply = raw.read(Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.json().getString("outcome")).isEqualTo("REQUEST_TIMEOUT");
            assertThat(reply.json().getString("requestId")).isEqualTo(id);
            assertThat(reply.header("connection")).isEqualTo("close");
            assertThat(tookMs).isBetween(REQUEST_TIMEOUT_MS - 200, REQUEST_TIMEOUT_MS + 2_000);
            assertThat(raw.closedByServer(Duration.ofSeconds(2))).isTrue();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(id).isEmpty());
        assertThat(TestDatabase.historyRows(id).getFirst()).containsEntry("outcome", "REQUEST_TIMEOUT")
                .containsEntry("status", 408).containsEntry("reason", "body_timeout");
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.INBOUND, id)).isEmpty();
    }

    @Test
    void aClientStillSendingTheBodyOfARefusedRequestFinishesSendingBeforeTheConnectionCloses() {
        String id = "early-" + UUID.randomUUID();
        int length = Connection.DEFAULT_MAX_BODY_BYTES + 1;
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(head(connectionId, id, length));
            RawHttp.Response reply = raw.read(Duration.ofSeconds(5));
            assertThat(reply.status()).as("answered on the head alone").isEqualTo(413);
            assertThat(reply.json().getString("requestId")).isEqualTo(id);
            assertThat(reply.header("connection")).isEqualTo("close");

            // Closing over unread bytes would reset the connection under a client still writing; every piece
            // of the body must go through, and the connection close once the body is complete.
            byte[] piece = spaces(length / 8 + 1);
            for (int sent = 0; sent < length; sent += piece.length) {
                byte[] next = sent + piece.length <= length ? piece : spaces(length - sent);
                assertThat(raw.write(next)).as("piece at byte %d", sent).isTrue();
                RawHttp.sleep(Duration.ofMillis(40));
            }
            long ended = System.nanoTime();
            assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat((System.nanoTime() - ended) / 1_000_000).as("closed when the body ended, not at the drain limit")
                    .isLessThan(1_000);
        }
    }

    @Test
    void aRefusedRequestWhoseBodyNeverComesIsClosedAfterTheDrainLimit() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(head(connectionId, "never-" + UUID.randomUUID(), 10 * 1024 * 1024));
            assertThat(raw.read(Duration.ofSeconds(5)).status()).isEqualTo(413);
            long answered = System.nanoTime();

            assertThat(raw.closedByServer(Duration.ofSeconds(6))).isTrue();
            assertThat((System.nanoTime() - answered) / 1_000_000).isBetween(1_500L, 4_000L);
        }
    }

    @Test
    void aRefusedRequestWaitingFor100ContinueIsClosedAtOnceSinceNoBodyWillCome() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            String head = new String(head(connectionId, "continue-" + UUID.randomUUID(), 10 * 1024 * 1024), StandardCharsets.UTF_8);
            raw.write(head.replace("\r\n\r\n", "\r\nexpect: 100-continue\r\n\r\n"));
            assertThat(raw.read(Duration.ofSeconds(5)).status()).isEqualTo(413);
            long answered = System.nanoTime();

            assertThat(raw.closedByServer(Duration.ofSeconds(3))).isTrue();
            assertThat((System.nanoTime() - answered) / 1_000_000).isLessThan(1_000);
        }
    }

    @Test
    void aRefusedRequestWhoseBodyRunsOnIsClosedAfterAMegabyteIsDrained() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(head(connectionId, "flood-" + UUID.randomUUID(), 100 * 1024 * 1024));
            assertThat(raw.read(Duration.ofSeconds(5)).status()).isEqualTo(413);
            byte[] piece = spaces(64 * 1024);
            int sent = 0;
            while (sent < 50 * 1024 * 1024 && raw.write(piece)) {
                sent += piece.length;
            }

            assertThat(sent).as("the gateway stopped reading after about a megabyte").isLessThan(20 * 1024 * 1024);
        }
    }

    @Test
    void aSlowLorisTricklingItsHeadersIsClosedAtTheIdleTimeoutWithoutAnAnswer() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            long started = System.nanoTime();
            byte[] head = ("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nhost: x\r\nx-padding: "
                    + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            Thread.ofVirtual().start(() -> raw.trickle(head, Duration.ofMillis(100)));

            boolean closed = raw.closedByServer(Duration.ofMillis(IDLE_TIMEOUT_MS + 3_000));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(closed).isTrue();
            assertThat(tookMs).as("a byte every 100 ms completes no HTTP message, so the idle timeout applies")
                    .isBetween(IDLE_TIMEOUT_MS - 200, IDLE_TIMEOUT_MS + 1_500);
        }
    }

    @Test
    void aKeptAliveConnectionMustCompleteItsNextHeadWithinTheIdleTimeoutToo() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(request("GET /health HTTP/1.1\r\nhost: x\r\n\r\n"));
            assertThat(raw.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
            long answered = System.nanoTime();
            Thread.ofVirtual().start(() -> raw.trickle("GET /health HTTP/1.1\r\nhost: x\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)));

            assertThat(raw.closedByServer(Duration.ofMillis(IDLE_TIMEOUT_MS + 3_000))).isTrue();
            assertThat((System.nanoTime() - answered) / 1_000_000).isBetween(IDLE_TIMEOUT_MS - 200, IDLE_TIMEOUT_MS + 1_500);
        }
    }

    @Test
    void aSilentConnectionIsClosedAtTheIdleTimeout() {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            long started = System.nanoTime();

            assertThat(raw.closedByServer(Duration.ofMillis(IDLE_TIMEOUT_MS + 3_000))).isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(IDLE_TIMEOUT_MS - 200, IDLE_TIMEOUT_MS + 1_500);
        }
    }

    @Test
    void oneConnectionOverTheLimitIsClosedOnAcceptAndAFreedSlotServesAgain() {
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i <= MAX_CONNECTIONS; i++) {
                open.add(RawHttp.connect(app.ingestPort()));
            }
            // Accepts are spread over two event loops, so which of the seven is the one too many is not fixed.
            List<RawHttp> refused = open.stream().filter(r -> r.closedByServer(Duration.ofMillis(120))).toList();
            assertThat(refused).as("exactly the one over the limit is closed on accept").hasSize(1);
            open.removeAll(refused);
            refused.forEach(RawHttp::close);
            open.removeFirst().close();
            String id = "freed-" + UUID.randomUUID();
            RawHttp.Response reply = await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> tryExchange(post("con_" + "Z".repeat(24), id, "{}")), r -> r != null);

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.json().getString("outcome")).isEqualTo("TRIGGER_NOT_FOUND");
            assertThat(metrics()).containsPattern("hookgate_ingest_shed_total\\{limit=\"connections\"} [1-9]");
        } finally {
            open.forEach(RawHttp::close);
        }
    }

    @Test
    void moreHeaderLinesThanTheLimitAre431() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            headers.append("x-h").append(i).append(": v\r\n");
        }
        RawHttp.Response reply = exchange(request("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nhost: x\r\n" + headers
                + "content-length: 2\r\nconnection: close\r\n\r\n{}"));

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.json().getString("outcome")).isEqualTo("HEADERS_TOO_LARGE");
    }

    @Test
    void headersOverTheByteLimitAre431() {
        RawHttp.Response reply = exchange(request("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nhost: x\r\nx-big: "
                + "b".repeat(5000) + "\r\ncontent-length: 2\r\n\r\n{}"));

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.json().getString("outcome")).isEqualTo("HEADERS_TOO_LARGE");
        assertThat(reply.header("connection")).isEqualTo("close");
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        RawHttp.Response reply = exchange(request("POST /webhooks/in/" + "c".repeat(2000) + " HTTP/1.1\r\nhost: x\r\n"
                + "content-length: 2\r\n\r\n{}"));

        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.json().getString("outcome")).isEqualTo("URI_TOO_LONG");
    }

    private static RawHttp.Response tryExchange(byte[] request) {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(request);
            return raw.read(Duration.ofSeconds(5));
        } catch (RuntimeException refused) {
            return null;
        }
    }

    private static RawHttp.Response exchange(byte[] request) {
        try (RawHttp raw = RawHttp.connect(app.ingestPort())) {
            raw.write(request);
            return raw.read(Duration.ofSeconds(10));
        }
    }

    private static byte[] head(String connection, String requestId, int contentLength) {
        return request("POST /webhooks/in/" + connection + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                + "x-request-id: " + requestId + "\r\ncontent-length: " + contentLength + "\r\n\r\n");
    }

    private static byte[] post(String connection, String requestId, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = request("POST /webhooks/in/" + connection + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                + "x-request-id: " + requestId + "\r\nconnection: close\r\ncontent-length: " + body.length + "\r\n\r\n");
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    private static byte[] request(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] spaces(int n) {
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, (byte) ' ');
        return bytes;
    }

    private static String metrics() {
        return new Http.Admin(app.adminPort(), null).get("/metrics").body();
    }
}
