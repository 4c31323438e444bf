package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys: created once and shown once, listed by hint, revoked for good; and the CLI that makes the first ones. */
class ApiKeysTest {
    private static Hookgate app;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void createdKeyWorksIsListedByHintOnlyAndStopsWhenRevoked() {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        Http.Admin admin = new Http.Admin(app.adminPort(), tenant.testKey());

        Http.Reply created = admin.post("/api/v1/api-keys", new JsonObject().put("name", "CI deploys"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().getString("key");
        assertThat(key).startsWith("hg_test_");
        Http.Admin withNewKey = new Http.Admin(app.adminPort(), key);
        assertThat(withNewKey.get("/api/v1/connections").status()).isEqualTo(200);

        Http.Reply listed = admin.get("/api/v1/api-keys");
        assertThat(listed.body()).doesNotContain(key).contains(key.substring(key.length() - 4)).contains("CI deploys");
        assertThat(listed.json().getJsonArray("data")).hasSize(2);

        assertThat(admin.delete("/api/v1/api-keys/" + created.json().getString("id")).status()).isEqualTo(204);
        assertThat(withNewKey.get("/api/v1/connections").status()).isEqualTo(401);
        assertThat(admin.delete("/api/v1/api-keys/" + created.json().getString("id")).status()).isEqualTo(404);
    }

    @Test
    void keysOfAnotherEnvironmentOrOrganisationAreInvisibleAndUnrevocable() {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        String id = new Http.Admin(app.adminPort(), tenant.testKey()).post("/api/v1/api-keys", new JsonObject()).json().getString("id");

        for (String outsider : new String[]{tenant.liveKey(), TestDatabase.newTenant().testKey()}) {
            Http.Admin other = new Http.Admin(app.adminPort(), outsider);
            assertThat(other.get("/api/v1/api-keys").body()).doesNotContain(id);
            assertThat(other.delete("/api/v1/api-keys/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void cliCreatesAnOrganisationWithATestAndALiveKey() {
        String name = "cli-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PGDATABASE", TestDatabase.NAME);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Cli.run(new String[]{"create-organisation", name}, env, new PrintStream(out), new PrintStream(err));
        int again = Cli.run(new String[]{"create-organisation", name}, env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));

        assertThat(code).isZero();
        JsonObject printed = new JsonObject(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(new Http.Admin(app.adminPort(), printed.getString("testKey")).get("/api/v1/connections").status()).isEqualTo(200);
        assertThat(new Http.Admin(app.adminPort(), printed.getString("liveKey")).get("/api/v1/connections").status()).isEqualTo(200);
        assertThat(again).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists");
    }
}
