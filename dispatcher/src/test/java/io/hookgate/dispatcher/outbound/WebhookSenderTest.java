package io.hookgate.dispatcher.outbound;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender against a real HTTP server on port 0: what it reports for each kind of answer or failure. */
class WebhookSenderTest {
    private static final byte[] BODY = "{\"type\":\"flow.done\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, Consumer<HttpServerRequest>> ROUTES = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static Vertx vertx;
    private static HttpServer server;
    private static WebhookSender allowed;
    private static WebhookSender guarded;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            REQUESTS.incrementAndGet();
            ROUTES.getOrDefault(request.path(), r -> r.response().setStatusCode(404).end()).accept(request);
        }).listen(0, "127.0.0.1").await();
        allowed = new WebhookSender(vertx, Configs.with("HOOKGATE_OUTBOUND_ALLOW", "127.0.0.1/32", "HOOKGATE_OUTBOUND_TIMEOUT_MS", "2000"),
                Clock.systemUTC());
        guarded = new WebhookSender(vertx, Configs.defaults(), Clock.systemUTC());
        ROUTES.put("/warm-up", r -> r.response().end());
        send(allowed, url("/warm-up")); // class loading and the first connection are not what the tests time
    }

    @AfterAll
    static void stop() {
        allowed.close();
        guarded.close();
        vertx.close().await();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static AttemptResult send(WebhookSender sender, String url) {
        return sender.send(url, Map.of("webhook-id", "msg_1", "content-type", "application/json"), BODY,
                System.nanoTime() + Duration.ofSeconds(30).toNanos());
    }

    @Test
    void reportsTheStatusAndTheStartOfTheAnswer() {
        ROUTES.put("/ok", r -> r.body().onSuccess(b -> r.response().setStatusCode(204).end()));
        AttemptResult result = send(allowed, url("/ok"));
        assertThat(result.status()).isEqualTo(204);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.error()).isNull();
    }

    @Test
    void sendsTheBodyAndHeadersUnchanged() {
        Buffer[] seen = new Buffer[1];
        String[] id = new String[1];
        ROUTES.put("/echo", r -> r.body().onSuccess(b -> {
            seen[0] = b;
            id[0] = r.getHeader("webhook-id");
            r.response().end("ok");
        }));
        AttemptResult result = send(allowed, url("/echo"));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.excerpt()).isEqualTo("ok");
        assertThat(seen[0].getBytes()).isEqualTo(BODY);
        assertThat(id[0]).isEqualTo("msg_1");
    }

    @Test
    void readsAtMostOneKibibyteOfAnEndlessAnswer() {
        ROUTES.put("/endless", r -> {
            r.response().setChunked(true).setStatusCode(500);
            long timer = vertx.setPeriodic(5, t -> r.response().write("x".repeat(4096)));
            r.response().closeHandler(v -> vertx.cancelTimer(timer));
        });
        AttemptResult result = send(allowed, url("/endless"));
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.excerpt()).hasSize(WebhookSender.EXCERPT);
        assertThat(result.error()).as("answered, not timed out").isNull();
    }

    @Test
    void readsTheRetryAfterOfAThrottledAnswer() {
        ROUTES.put("/throttled", r -> r.response().setStatusCode(429).putHeader("retry-after", "17").end());
        AttemptResult result = send(allowed, url("/throttled"));
        assertThat(result.status()).isEqualTo(429);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(result.retryable()).isTrue();
    }

    @Test
    void doesNotFollowRedirects() {
        ROUTES.put("/moved", r -> r.response().setStatusCode(302).putHeader("location", url("/ok")).end());
        ROUTES.put("/ok", r -> r.response().setStatusCode(204).end());
        int before = REQUESTS.get();
        AttemptResult result = send(allowed, url("/moved"));
        assertThat(result.status()).isEqualTo(302);
        assertThat(result.retryable()).isFalse();
        assertThat(REQUESTS.get() - before).isEqualTo(1);
    }

    @Test
    void aReceiverThatNeverAnswersIsATimeout() {
        ROUTES.put("/silent", r -> { });
        AttemptResult result = send(allowed, url("/silent"));
        assertThat(result.status()).isNull();
        assertThat(result.error()).isEqualTo("timeout");
        assertThat(result.retryable()).isTrue();
    }

    @Test
    void aClosedPortIsARefusedConnection() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        AttemptResult result = send(allowed, "http://127.0.0.1:" + closed + "/hook");
        assertThat(result.error()).isEqualTo("connection_refused");
        assertThat(result.retryable()).isTrue();
    }

    @Test
    void anUnknownHostIsADnsFailure() {
        AttemptResult result = send(allowed, "https://no-such-host.invalid/hook");
        assertThat(result.error()).isEqualTo("dns_failure");
        assertThat(result.retryable()).isTrue();
    }

    @Test
    void loopbackIsRefusedWithoutTheAllowListAndNothingIsSent() {
        ROUTES.put("/ok", r -> r.response().setStatusCode(204).end());
        int before = REQUESTS.get();
        for (String host : new String[]{"127.0.0.1:" + server.actualPort(), "localhost:" + server.actualPort(), "[::1]", "10.1.2.3",
                "169.254.169.254", "[::ffff:127.0.0.1]"}) {
            AttemptResult result = send(guarded, "http://" + host + "/ok");
            assertThat(result.error()).as(host).isEqualTo("address_refused");
            assertThat(result.retryable()).as(host).isFalse();
        }
        assertThat(REQUESTS.get()).isEqualTo(before);
    }

    @Test
    void nothingIsSentOnceTheAttemptsDeadlineHasPassed() {
        ROUTES.put("/ok", r -> r.response().setStatusCode(204).end());
        int before = REQUESTS.get();
        AttemptResult result = allowed.send(url("/ok"), Map.of(), BODY, System.nanoTime() - 1);
        assertThat(result.error()).isEqualTo("timeout");
        assertThat(REQUESTS.get()).isEqualTo(before);
    }

    @Test
    void classifiesFailuresByTheirRootCause() {
        assertThat(WebhookSender.errorClass(new java.util.concurrent.TimeoutException())).isEqualTo("timeout");
        assertThat(WebhookSender.errorClass(new RuntimeException(new java.net.ConnectException("refused")))).isEqualTo("connection_refused");
        assertThat(WebhookSender.errorClass(new RuntimeException(new javax.net.ssl.SSLHandshakeException("bad cert")))).isEqualTo("tls_error");
        assertThat(WebhookSender.errorClass(new java.io.IOException("reset"))).isEqualTo("connection_error");
    }
}
