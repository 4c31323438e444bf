package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.AuthMode;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.hookgate.gateway.connection.Connections.aConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConnectionRequestTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static JsonObject valid() {
        return new JsonObject().put("name", "Billing events").put("auth", new JsonObject().put("mode", "SHARED_SECRET"));
    }

    private static void assertRefused(ThrowingCallable call, String field, String message) {
        ApiException e = catchThrowableOfType(ApiException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("validation_failed");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    /** One invalid body of {@code admin/connection-request-invalid.json}: the valid base with one thing broken. */
    record Invalid(String name, JsonObject body, String field, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Invalid> invalidBodies() throws IOException {
        JsonObject doc;
        try (InputStream in = ConnectionRequestTest.class.getResourceAsStream("/admin/connection-request-invalid.json")) {
            doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return doc.getJsonArray("cases").stream().map(JsonObject.class::cast).map(c -> {
            JsonObject body = doc.getJsonObject("valid").copy();
            c.getJsonArray("without", new JsonArray()).forEach(key -> body.remove((String) key));
            c.getJsonObject("with", new JsonObject()).getMap().keySet()
                    .forEach(key -> body.put(key, c.getJsonObject("with").getValue(key)));
            return new Invalid(c.getString("case"), body, c.getString("field"), c.getString("message"));
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void everyInvalidBodyIs400NamingItsField(Invalid invalid) {
        assertRefused(() -> ConnectionRequest.parse(invalid.body()), invalid.field(), invalid.message());
    }

    @Test
    void theBaseOfTheInvalidBodiesIsItselfValid() throws IOException {
        assertThat(invalidBodies()).hasSizeGreaterThan(50);
        assertThat(ConnectionRequest.parse(valid()).name()).isEqualTo("Billing events");
    }

    @Test
    void aMinimalBodyGetsTheDocumentedDefaults() {
        ConnectionRequest r = ConnectionRequest.parse(valid());

        assertThat(r.name()).isEqualTo("Billing events");
        assertThat(r.auth().mode()).isEqualTo(AuthMode.SHARED_SECRET);
        assertThat(r.auth().secret()).as("generated later").isNull();
        assertThat(r.auth().settings()).isEqualTo(AuthSettings.NONE);
        assertThat(r.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(r.identifier()).isNull();
        assertThat(r.maxBodyBytes()).isEqualTo(102_400);
        assertThat(r.allowedIps()).isEmpty();
        assertThat(r.rateLimitPerSecond()).isNull();
        assertThat(r.requireTrigger()).isFalse();
        assertThat(r.createMissingContacts()).isFalse();
        assertThat(r.contactResolution()).isEqualTo(ContactResolution.ASYNC);
    }

    @Test
    void theContractsExampleParses() {
        ConnectionRequest r = ConnectionRequest.parse(new JsonObject("""
                { "name": "Billing events",
                  "auth": { "mode": "STRIPE", "secret": "whsec_abc" },
                  "format": "JSON",
                  "identifier": { "type": "EMAIL", "path": "$.data.object.customer_email" },
                  "maxBodyBytes": 102400, "allowedIps": ["203.0.113.0/24"], "rateLimitPerSecond": 500,
                  "contactResolution": "ASYNC", "createMissingContacts": false, "requireTrigger": false }"""));

        assertThat(r).isEqualTo(new ConnectionRequest("Billing events",
                new AuthRequest(AuthMode.STRIPE, "whsec_abc", null, AuthSettings.NONE), PayloadFormat.JSON,
                new Connection.Identifier(IdentifierType.EMAIL, "$.data.object.customer_email", null), 102_400,
                List.of("203.0.113.0/24"), 500, false, false, ContactResolution.ASYNC));
    }

    @Test
    void namesPathsAndAddressesAreTrimmedAndEnumsAndHeadersCaseInsensitive() {
        ConnectionRequest r = ConnectionRequest.parse(new JsonObject()
                .put("name", "  Orders (EU) [v2]_x.y-z  ")
                .put("auth", new JsonObject().put("mode", "hmac").put("algorithm", "sha256").put("header", " X-Signature ")
                        .put("encoding", "base64").put("prefix", "sha256="))
                .put("format", "xml")
                .put("identifier", new JsonObject().put("type", "phone").put("path", "  /order/phone "))
                .put("allowedIps", new JsonArray().add(" 10.0.0.0/8 ").add("2001:db8::1"))
                .put("contactResolution", "sync").put("createMissingContacts", true).put("requireTrigger", true));

        assertThat(r.name()).isEqualTo("Orders (EU) [v2]_x.y-z");
        assertThat(r.auth().settings()).isEqualTo(new AuthSettings(null, "SHA256", "x-signature", "BASE64", "sha256=", null, null, null));
        assertThat(r.format()).isEqualTo(PayloadFormat.XML);
        assertThat(r.identifier()).isEqualTo(new Connection.Identifier(IdentifierType.PHONE, "/order/phone", null));
        assertThat(r.allowedIps()).containsExactly("10.0.0.0/8", "2001:db8::1");
        assertThat(r.contactResolution()).isEqualTo(ContactResolution.SYNC);
        assertThat(r.createMissingContacts()).isTrue();
        assertThat(r.requireTrigger()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc", "Billing events", "12345678901234567890123456789012345678901234567890"})
    void namesOfThreeToFiftyAllowedCharactersAreAccepted(String name) {
        assertThat(ConnectionRequest.parse(valid().put("name", name)).name()).isEqualTo(name);
    }

    @Test
    void aChannelIdentifierKeepsItsChannel() {
        ConnectionRequest r = ConnectionRequest.parse(valid().put("identifier",
                new JsonObject().put("type", "CHANNEL_USER_ID").put("path", "contacts[0].wa_id").put("channel", "whatsapp")));

        assertThat(r.identifier()).isEqualTo(new Connection.Identifier(IdentifierType.CHANNEL_USER_ID, "contacts[0].wa_id", "whatsapp"));
    }

    @ParameterizedTest(name = "{0} secret of {1} characters")
    @CsvSource({"SHARED_SECRET, 8", "SERVICE_KEY, 8", "STRIPE, 1", "SLACK, 4096", "HMAC, 1", "JWT, 32", "META, 8"})
    void chosenSecretsWithinTheBoundsAreKept(AuthMode mode, int length) {
        String secret = "s".repeat(length);

        assertThat(ConnectionRequest.parse(valid().put("auth", new JsonObject().put("mode", mode.name()).put("secret", secret)))
                .auth().secret()).isEqualTo(secret);
    }

    @ParameterizedTest(name = "{0} uses a secret: {1}")
    @CsvSource({"NONE, false", "SHARED_SECRET, true", "URL_KEY, true", "STRIPE, true", "SVIX, true", "HMAC, true",
            "SERVICE_KEY, true", "JWT, true"})
    void whichModesKeepASecret(AuthMode mode, boolean usesSecret) {
        assertThat(ConnectionRequest.parse(valid().put("auth", new JsonObject().put("mode", mode.name()))).auth().usesSecret())
                .isEqualTo(usesSecret);
    }

    @Test
    void anRs256JwtConnectionKeepsNoSecretButAPublicKey() {
        AuthRequest auth = ConnectionRequest.parse(valid().put("auth", new JsonObject().put("mode", "JWT")
                .put("algorithm", "RS256").put("publicKey", "-----BEGIN PUBLIC KEY-----"))).auth();

        assertThat(auth.usesSecret()).isFalse();
        assertThat(auth.settings().publicKey()).isEqualTo("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void metaKeepsAChosenVerifyToken() {
        assertThat(ConnectionRequest.parse(valid().put("auth", new JsonObject().put("mode", "META").put("verifyToken", "tok_12345")))
                .auth().verifyToken()).isEqualTo("tok_12345");
    }

    @Nested
    class Patch {
        private final Connection current = aConnection().name("Billing events").build();

        @Test
        void onlyTheFieldsPresentChange() {
            Connection patched = ConnectionRequest.patch(current, new JsonObject().put("name", "  Renamed  "), NOW);

            assertThat(patched.name()).isEqualTo("Renamed");
            assertThat(patched.updatedAt()).isEqualTo(NOW);
            assertThat(patched).usingRecursiveComparison().ignoringFields("name", "updatedAt").isEqualTo(current);
        }

        @Test
        void anEmptyPatchChangesNothingButTheTime() {
            assertThat(ConnectionRequest.patch(current, new JsonObject(), NOW))
                    .usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(current);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"format", "contactResolution", "createMissingContacts", "id", "status", "secret", "schemaVersion", "nmae"})
        void otherFieldsCannotBeChanged(String field) {
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put(field, "x"), NOW), field, field + " cannot be changed");
        }

        @Test
        void theAuthModeIsImmutable() {
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("auth", new JsonObject().put("mode", "NONE")), NOW),
                    "auth.mode", "auth.mode is immutable; create a new connection instead");
            assertThat(ConnectionRequest.patch(current, new JsonObject().put("auth", new JsonObject().put("mode", "shared_secret")), NOW)
                    .authMode()).as("the same mode, any case").isEqualTo(AuthMode.SHARED_SECRET);
        }

        @Test
        void secretsChangeOnlyThroughRotation() {
            Connection meta = aConnection().auth(AuthMode.META).build();

            assertRefused(() -> ConnectionRequest.patch(meta, new JsonObject().put("auth", new JsonObject().put("secret", "newsecret1")), NOW),
                    "auth.secret", "secrets change through POST /api/v1/connections/{id}/secret/rotate");
            assertRefused(() -> ConnectionRequest.patch(meta, new JsonObject().put("auth", new JsonObject().put("verifyToken", "newtoken1")), NOW),
                    "auth.verifyToken", "secrets change through POST /api/v1/connections/{id}/secret/rotate");
        }

        @Test
        void authSettingsAreMergedIntoTheCurrentOnes() {
            Connection github = aConnection().hmacPreset("GITHUB").build();

            Connection patched = ConnectionRequest.patch(github,
                    new JsonObject().put("auth", new JsonObject().put("toleranceSeconds", 60).put("signatureRequired", false)), NOW);

            assertThat(patched.authSettings()).isEqualTo(new AuthSettings("GITHUB", null, null, null, null, 60, false, null));
        }

        @Test
        void authSettingsAreCheckedAsOnCreation() {
            Connection stripe = aConnection().auth(AuthMode.STRIPE).build();

            assertRefused(() -> ConnectionRequest.patch(stripe, new JsonObject().put("auth", new JsonObject().put("preset", "GITHUB")), NOW),
                    "auth.preset", "auth.preset does not apply to auth.mode STRIPE");
            assertRefused(() -> ConnectionRequest.patch(stripe, new JsonObject().put("auth", new JsonObject().put("toleranceSeconds", 0)), NOW),
                    "auth.toleranceSeconds", "auth.toleranceSeconds must be between 1 and 86400");
        }

        @Test
        void aNullIdentifierRemovesItAndANewOneIsValidatedInTheConnectionsFormat() {
            Connection xml = aConnection().format(PayloadFormat.XML)
                    .identifier(new Connection.Identifier(IdentifierType.EMAIL, "/a/email", null)).build();

            assertThat(ConnectionRequest.patch(xml, new JsonObject().putNull("identifier"), NOW).identifier()).isNull();
            assertThat(ConnectionRequest.patch(xml, new JsonObject().put("identifier",
                    new JsonObject().put("type", "PHONE").put("path", "/a/phone")), NOW).identifier())
                    .isEqualTo(new Connection.Identifier(IdentifierType.PHONE, "/a/phone", null));
            assertRefused(() -> ConnectionRequest.patch(xml, new JsonObject().put("identifier",
                    new JsonObject().put("type", "PHONE").put("path", "/a/[")), NOW), "identifier.path", "identifier.path not an XPath: /a/[");
        }

        @Test
        void limitsAndAddressesChangeOrAreCleared() {
            Connection limited = aConnection().rateLimit(10).allowedIps("10.0.0.0/8").build();

            Connection patched = ConnectionRequest.patch(limited, new JsonObject().put("maxBodyBytes", 2048)
                    .putNull("rateLimitPerSecond").putNull("allowedIps").put("requireTrigger", true), NOW);

            assertThat(patched.maxBodyBytes()).isEqualTo(2048);
            assertThat(patched.rateLimitPerSecond()).isNull();
            assertThat(patched.allowedIps()).isEmpty();
            assertThat(patched.requireTrigger()).isTrue();
            assertThat(ConnectionRequest.patch(limited, new JsonObject().putNull("maxBodyBytes"), NOW).maxBodyBytes())
                    .as("null keeps the limit").isEqualTo(limited.maxBodyBytes());
        }

        @Test
        void changedValuesAreValidatedAsOnCreation() {
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().putNull("name"), NOW), "name", "name is required");
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("name", "x"), NOW),
                    "name", "name must be 3-50 characters: letters, digits, spaces and []()._-");
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("maxBodyBytes", 0), NOW),
                    "maxBodyBytes", "maxBodyBytes must be between 1 and 1048576");
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("allowedIps", new JsonArray().add("nope")), NOW),
                    "allowedIps", "'nope' is not an IP address or CIDR");
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("rateLimitPerSecond", -5), NOW),
                    "rateLimitPerSecond", "rateLimitPerSecond must be between 1 and 1000000");
            assertRefused(() -> ConnectionRequest.patch(current, new JsonObject().put("requireTrigger", "yes"), NOW),
                    "requireTrigger", "requireTrigger must be true or false");
        }
    }
}
