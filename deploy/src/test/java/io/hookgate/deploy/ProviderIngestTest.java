package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Auth modes end to end over HTTP: URL keys, Meta's handshake, provider-qualified URLs, provider secret rotation, validation. */
class ProviderIngestTest {
    private static final String BODY = "{\"event\":\"ping\"}";
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
    void urlKeyIsGeneratedShownOnceAcceptedAndReplacedAtOnceOnRotation() {
        JsonObject created = create("Url keyed", new JsonObject().put("mode", "URL_KEY"));
        String id = created.getString("id");
        String key = created.getString("apiKey");
        assertThat(key).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.containsKey("secret")).isFalse();

        assertThat(post("/webhooks/in/" + id + "?api_key=" + key, null).status()).isEqualTo(202);
        Http.Reply wrong = post("/webhooks/in/" + id + "?api_key=" + key.substring(1) + "x", null);
        Http.Reply missing = post("/webhooks/in/" + id, null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().getString("reason")).isEqualTo("invalid_credentials");
        assertThat(missing.json().getString("reason")).isEqualTo("missing_credentials");
        assertThat(admin.get("/api/v1/connections/" + id).body()).doesNotContain(key);

        String fresh = admin.post("/api/v1/connections/" + id + "/secret/rotate", new JsonObject()).json().getString("apiKey");
        await().atMost(Duration.ofSeconds(1)).until(() -> post("/webhooks/in/" + id + "?api_key=" + key, null).status() == 401);
        assertThat(post("/webhooks/in/" + id + "?api_key=" + fresh, null).status()).isEqualTo(202);
    }

    @Test
    void metaHandshakeEchoesTheChallengeOnlyForTheVerifyToken() {
        JsonObject created = create("Meta app", new JsonObject().put("mode", "META").put("secret", "meta_app_secret_value")
                .put("verifyToken", "meatyhamhock-token"));
        String id = created.getString("id");
        assertThat(created.containsKey("verifyToken")).isFalse();
        assertThat(created.getJsonObject("auth").getBoolean("verifyTokenConfigured")).isTrue();

        Http.Reply ok = get("/webhooks/meta/" + id + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock-token");
        Http.Reply wrong = get("/webhooks/in/" + id + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.header("content-type")).startsWith("text/plain");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(post("/webhooks/meta/" + id, "sha256=" + hmac("meta_app_secret_value", BODY), "x-hub-signature-256").status()).isEqualTo(202);
    }

    @Test
    void providerQualifiedUrlsAcceptTheConnectionsProviderOnly() {
        String id = create("GitHub repo", new JsonObject().put("mode", "HMAC").put("preset", "GITHUB").put("secret", "gh-secret")).getString("id");
        String signature = "sha256=" + hmac("gh-secret", BODY);

        assertThat(post("/webhooks/github/" + id, signature, "x-hub-signature-256").status()).isEqualTo(202);
        assertThat(post("/webhooks/generic/" + id, signature, "x-hub-signature-256").status()).isEqualTo(202);
        Http.Reply mismatch = post("/webhooks/stripe/" + id, signature, "x-hub-signature-256");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().getString("outcome")).isEqualTo("PROVIDER_MISMATCH");
    }

    @Test
    void providerSecretRotationTakesTheProvidersNewSecretAndHonoursTheGrace() {
        String id = create("Shopify store", new JsonObject().put("mode", "HMAC").put("preset", "SHOPIFY").put("secret", "old-shopify-secret")).getString("id");

        Http.Reply rotated = admin.post("/api/v1/connections/" + id + "/secret/rotate",
                new JsonObject().put("secret", "new-shopify-secret").put("graceSeconds", 60));

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().containsKey("secret")).as("a secret the caller chose is not echoed").isFalse();
        await().atMost(Duration.ofSeconds(1)).until(() -> post("/webhooks/in/" + id, base64Hmac("new-shopify-secret", BODY), "x-shopify-hmac-sha256").status() == 202);
        assertThat(post("/webhooks/in/" + id, base64Hmac("old-shopify-secret", BODY), "x-shopify-hmac-sha256").status()).isEqualTo(202);
        assertThat(post("/webhooks/in/" + id, base64Hmac("third-secret", BODY), "x-shopify-hmac-sha256").status()).isEqualTo(401);
    }

    @Test
    void authSettingsThatCannotVerifyAreRefusedNamingTheField() {
        assertThat(error(new JsonObject().put("mode", "HMAC").put("secret", "s3cr3t"))).isEqualTo("400 auth");
        assertThat(error(new JsonObject().put("mode", "HMAC").put("preset", "NOPE").put("secret", "s3cr3t"))).isEqualTo("400 auth");
        assertThat(error(new JsonObject().put("mode", "SVIX").put("publicKey", "whpk_short"))).isEqualTo("400 auth");
        assertThat(error(new JsonObject().put("mode", "JWT").put("algorithm", "RS256"))).isEqualTo("400 auth.publicKey");
        assertThat(error(new JsonObject().put("mode", "STRIPE").put("header", "x-sig"))).isEqualTo("400 auth.header");
        assertThat(error(new JsonObject().put("mode", "URL_KEY").put("secret", "chosen-key-value"))).isEqualTo("400 auth.secret");
        assertThat(error(new JsonObject().put("mode", "SERVICE_KEY").put("secret", "short"))).isEqualTo("400 auth.secret");
        assertThat(error(new JsonObject().put("mode", "WHATEVER"))).isEqualTo("400 auth.mode");
    }

    @Test
    void generatedProviderSecretsHaveTheProvidersShape() {
        assertThat(create("Svix generated", new JsonObject().put("mode", "SVIX")).getString("secret")).startsWith("whsec_");
        assertThat(create("Stripe generated", new JsonObject().put("mode", "STRIPE")).getString("secret")).startsWith("whsec_");
        assertThat(create("Slack chosen", new JsonObject().put("mode", "SLACK").put("secret", "8f742231b10e8888abcd99yyyzzz85a5")).containsKey("secret")).isFalse();
    }

    private static String error(JsonObject auth) {
        Http.Reply reply = admin.post("/api/v1/connections", new JsonObject().put("name", "Invalid " + System.nanoTime()).put("auth", auth));
        return reply.status() + " " + (reply.status() < 300 ? "" : reply.json().getJsonObject("error").getString("field"));
    }

    private static JsonObject create(String name, JsonObject auth) {
        Http.Reply reply = admin.post("/api/v1/connections", new JsonObject().put("name", name).put("auth", auth));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static Http.Reply post(String path, String signature, String... header) {
        Http.Webhook webhook = Http.webhookAt(app.ingestPort(), path).body(BODY);
        if (signature != null) {
            webhook.header(header[0], signature);
        }
        return webhook.send();
    }

    private static Http.Reply post(String path, String signature) {
        return post(path, signature, new String[0]);
    }

    private static Http.Reply get(String path) {
        return new Http.Admin(app.ingestPort(), null).get(path);
    }

    private static String hmac(String secret, String body) {
        return HexFormat.of().formatHex(mac(secret, body));
    }

    private static String base64Hmac(String secret, String body) {
        return java.util.Base64.getEncoder().encodeToString(mac(secret, body));
    }

    private static byte[] mac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
