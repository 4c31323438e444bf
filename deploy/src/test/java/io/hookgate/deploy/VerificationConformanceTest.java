package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.MutableClock;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.gateway.verify.ProviderVector;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider vectors of providers.md (the gateway module's data files) through the real HTTP endpoint:
 * a connection per vector, the request as the provider sent it, the clock at the vector's time. A
 * rejected request answers 401 with the public reason and is in history with the internal one. Every log
 * line the suite produced is searched for every secret it used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerificationConformanceTest {
    private static final Path VECTORS = Path.of("..", "gateway").resolve(ProviderVector.DIRECTORY);
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Map<String, ProviderVector> REJECTED = new ConcurrentHashMap<>();
    private static PrintStream originalErr;
    private static Hookgate app;
    private static Http.Admin admin;

    @BeforeAll
    static void start() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOGS), true, StandardCharsets.UTF_8));
        app = TestApp.start(SharedKafka.bootstrap(), Map.of(), BatchObserver.NONE, CLOCK);
        admin = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());
    }

    @AfterAll
    static void stop() {
        try {
            app.close();
        } finally {
            System.setErr(originalErr);
        }
    }

    static List<ProviderVector> vectors() {
        return ProviderVector.all(VECTORS).stream().filter(ProviderVector::http).toList();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void endpointAnswersTheVectorAsTheProviderExpects(ProviderVector v) {
        JsonObject auth = new JsonObject().put("mode", v.mode().name()).put("secret", v.secrets().getFirst()).mergeIn(v.settings());
        Http.Reply created = admin.post("/api/v1/connections", new JsonObject()
                .put("name", "Vector " + Integer.toHexString(v.name().hashCode()) + " " + UUID.randomUUID().toString().substring(0, 8))
                .put("auth", auth));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        v.secrets().forEach(SECRETS::add);
        CLOCK.set(Instant.ofEpochSecond(v.nowSeconds() == null ? Instant.now().getEpochSecond() : v.nowSeconds()));
        String requestId = "vector-" + UUID.randomUUID();
        Http.Webhook webhook = Http.webhook(app.ingestPort(), created.json().getString("id"))
                .header("x-request-id", requestId).body(v.body());
        v.headers().forEach(h -> webhook.header(h.getKey(), String.valueOf(h.getValue())));

        Http.Reply reply = webhook.send();

        if (v.challenge() != null) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().getString("challenge")).isEqualTo(v.challenge());
        } else if (v.expectsOk() && !isJson(v.body())) {
            // Verified, then refused by the JSON connection's parser: verification came first, as it must.
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().getString("outcome")).isEqualTo("INVALID_JSON");
        } else if (v.expectsOk()) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        } else {
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.json().getString("outcome")).isEqualTo("UNAUTHORIZED");
            assertThat(reply.json().getString("reason")).isEqualTo(v.expectedReason().toLowerCase(java.util.Locale.ROOT));
            assertThat(reply.json().fieldNames()).containsExactlyInAnyOrder("outcome", "requestId", "message", "reason");
            REJECTED.put(requestId, v);
        }
    }

    @Order(2)
    @Test
    void rejectionsAreInHistoryWithTheirInternalReasonAndNoLogHoldsASecret() {
        await().atMost(Duration.ofSeconds(60)).until(() -> REJECTED.keySet().stream()
                .allMatch(id -> !TestDatabase.historyRows(id).isEmpty()));
        REJECTED.forEach((id, v) -> assertThat(TestDatabase.historyRows(id).getFirst())
                .as(v.name()).containsEntry("reason", v.expectedDetail()).containsEntry("outcome", "UNAUTHORIZED"));
        String logs = LOGS.toString(StandardCharsets.UTF_8);
        Set<String> leaked = new HashSet<>();
        for (String secret : SECRETS) {
            if (logs.contains(secret)) {
                leaked.add(secret);
            }
        }
        assertThat(leaked).as("secrets found in logs").isEmpty();
        assertThat(logs).as("the suite did log (the access log is on)").contains("\"outcome\":\"UNAUTHORIZED\"");
    }

    private static boolean isJson(String body) {
        try {
            io.vertx.core.json.Json.decodeValue(body);
            return true;
        } catch (io.vertx.core.json.DecodeException e) {
            return false;
        }
    }

    /** Copies what the app writes to stderr into the captured log. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
