package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.model.IdKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pause, resume and secret rotation take effect on the ingest path within a second. */
class ConnectionLifecycleTest {
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
    void pausedConnectionAnswers404UntilResumed() {
        String id = create("Pausable", "NONE").getString("id");
        assertThat(post(id, null)).isEqualTo(202);

        Http.Reply paused = admin.post("/api/v1/connections/" + id + "/pause", new JsonObject());
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().getString("status")).isEqualTo("PAUSED");
        await().atMost(Duration.ofSeconds(1)).until(() -> post(id, null) == 404);

        assertThat(admin.post("/api/v1/connections/" + id + "/resume", new JsonObject()).json().getString("status")).isEqualTo("ACTIVE");
        await().atMost(Duration.ofSeconds(1)).until(() -> post(id, null) == 202);
    }

    @Test
    void rotatedSecretReplacesTheOldOneAtOnce() {
        JsonObject created = create("Rotate now", "SHARED_SECRET");
        String id = created.getString("id");
        String old = created.getString("secret");
        assertThat(post(id, old)).isEqualTo(202);

        Http.Reply rotated = admin.post("/api/v1/connections/" + id + "/secret/rotate", new JsonObject());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.json().getString("secret");

        assertThat(fresh).isNotEqualTo(old);
        await().atMost(Duration.ofSeconds(1)).until(() -> post(id, old) == 401);
        assertThat(post(id, fresh)).isEqualTo(202);
        assertThat(admin.get("/api/v1/connections/" + id).body()).doesNotContain(fresh).doesNotContain(old);
    }

    @Test
    void rotationWithGraceAcceptsBothSecretsUntilTheGraceEnds() {
        JsonObject created = create("Rotate with grace", "SHARED_SECRET");
        String id = created.getString("id");
        String old = created.getString("secret");
        assertThat(post(id, old)).isEqualTo(202);

        String fresh = admin.post("/api/v1/connections/" + id + "/secret/rotate", new JsonObject().put("graceSeconds", 3))
                .json().getString("secret");

        await().atMost(Duration.ofSeconds(1)).until(() -> post(id, fresh) == 202);
        assertThat(post(id, old)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(6)).until(() -> post(id, old) == 401);
        assertThat(post(id, fresh)).isEqualTo(202);
    }

    @Test
    void rotationOfAConnectionWithoutSecretIsRefused() {
        String id = create("Nothing to rotate", "NONE").getString("id");

        Http.Reply reply = admin.post("/api/v1/connections/" + id + "/secret/rotate", new JsonObject());

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().getJsonObject("error").getString("field")).isEqualTo("auth.mode");
    }

    @Test
    void patchRenamesAndChangesTheBodyLimitOnTheIngestPath() {
        String id = create("Patch me", "NONE").getString("id");
        assertThat(post(id, null)).isEqualTo(202);

        Http.Reply patched = admin.patch("/api/v1/connections/" + id, new JsonObject().put("name", "Patched").put("maxBodyBytes", 10));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getString("name")).isEqualTo("Patched");
        assertThat(patched.json().getInteger("maxBodyBytes")).isEqualTo(10);
        await().atMost(Duration.ofSeconds(1)).until(() -> post(id, null) == 413);
        assertThat(admin.get("/api/v1/connections/" + id).json().getString("name")).isEqualTo("Patched");
    }

    @Test
    void patchRefusesAnotherAuthModeASecretATakenNameAndUnknownFields() {
        String id = create("Immutable mode", "SHARED_SECRET").getString("id");
        create("Taken name", "NONE");

        Http.Reply mode = admin.patch("/api/v1/connections/" + id, new JsonObject().put("auth", new JsonObject().put("mode", "NONE")));
        Http.Reply secret = admin.patch("/api/v1/connections/" + id, new JsonObject().put("auth", new JsonObject().put("secret", "a-new-secret-value")));
        Http.Reply name = admin.patch("/api/v1/connections/" + id, new JsonObject().put("name", "Taken name"));
        Http.Reply unknown = admin.patch("/api/v1/connections/" + id, new JsonObject().put("status", "PAUSED"));

        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.json().getJsonObject("error").getString("field")).isEqualTo("auth.mode");
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.json().getJsonObject("error").getString("field")).isEqualTo("auth.secret");
        assertThat(name.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().getJsonObject("error").getString("field")).isEqualTo("status");
    }

    @Test
    void lifecycleCallsOnAnotherOrganisationsConnectionAre404() {
        String id = create("Not yours", "SHARED_SECRET").getString("id");
        Http.Admin outsider = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey());

        for (String action : new String[]{"pause", "resume", "secret/rotate"}) {
            assertThat(outsider.post("/api/v1/connections/" + id + "/" + action, new JsonObject()).status()).isEqualTo(404);
        }
        assertThat(outsider.patch("/api/v1/connections/" + id, new JsonObject().put("name", "Hijacked")).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/connections/" + id).json().getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void manyConnectionsMetForTheFirstTimeAtOnceAreEachAnsweredAsThemselves() throws Exception {
        // Misses that arrive together are loaded together: each request must still get its own connection.
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            boolean open = i % 2 == 0;
            expected.put(create("Cold " + i, open ? "NONE" : "SHARED_SECRET").getString("id"), open ? 202 : 401);
        }
        for (int i = 0; i < 5; i++) {
            expected.put(IdKind.CONNECTION.generate(), 404);
        }
        CountDownLatch go = new CountDownLatch(1);
        Map<String, List<Future<Integer>>> answers = new LinkedHashMap<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : expected.keySet()) {
                for (int n = 0; n < 2; n++) {
                    answers.computeIfAbsent(id, k -> new ArrayList<>()).add(senders.submit(() -> {
                        go.await();
                        return post(id, null);
                    }));
                }
            }
            go.countDown();
            for (Map.Entry<String, List<Future<Integer>>> e : answers.entrySet()) {
                for (Future<Integer> answer : e.getValue()) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).as(e.getKey()).isEqualTo(expected.get(e.getKey()));
                }
            }
        }
    }

    private static JsonObject create(String name, String mode) {
        Http.Reply reply = admin.post("/api/v1/connections", new JsonObject().put("name", name)
                .put("auth", new JsonObject().put("mode", mode)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static int post(String connectionId, String secret) {
        Http.Webhook webhook = Http.webhook(app.ingestPort(), connectionId);
        if (secret != null) {
            webhook.header("x-webhook-secret", secret);
        }
        return webhook.send().status();
    }
}
