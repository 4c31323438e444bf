package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class OutgoingRequestTest {
    private static final String ENDPOINT_ID = "6f1c3a52-8d7e-4b7a-9a55-0c1f2e3d4b5a";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"type\":\"flow.done\"}".getBytes(StandardCharsets.UTF_8);
    private final SecretBox box = new SecretBox(new byte[32]);

    /** An endpoint as the store returns it, with its values sealed by {@link #box}. */
    private final class EndpointBuilder {
        private String token;
        private JsonObject basic;
        private JsonObject headers;
        private List<String> secrets = List.of(SECRET);
        private String context = ENDPOINT_ID;

        EndpointBuilder token(String t) {
            token = t;
            return this;
        }

        EndpointBuilder basic(String user, String password) {
            basic = new JsonObject().put("username", user).put("password", password);
            return this;
        }

        EndpointBuilder header(String name, String value) {
            headers = (headers == null ? new JsonObject() : headers).put(name, value);
            return this;
        }

        EndpointBuilder sealedFor(UUID endpointId) {
            context = endpointId.toString();
            return this;
        }

        EndpointBuilder secrets(List<String> s) {
            secrets = s;
            return this;
        }

        DeliveryStore.Endpoint build() {
            return new DeliveryStore.Endpoint("https://example.com/hook", seal(token), basic == null ? null : seal(basic.encode()),
                    headers == null ? null : seal(headers.encode()), null, true, secrets.stream().map(this::seal).toList());
        }

        private byte[] seal(String value) {
            return value == null ? null : box.seal(value, context);
        }
    }

    private OutgoingRequest build(DeliveryStore.Endpoint endpoint) throws OutgoingRequest.Unreadable {
        return OutgoingRequest.build(OutgoingRequest.Credentials.open(box, ENDPOINT_ID, endpoint), "msg_1", 1_700_000_000L, BODY);
    }

    @Test
    void carriesStandardWebhooksHeadersSignedWithTheEndpointsSecret() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().build());
        assertThat(request.headers()).containsEntry("webhook-id", "msg_1").containsEntry("webhook-timestamp", "1700000000")
                .containsEntry("content-type", "application/json")
                .containsEntry("webhook-signature", "v1," + Signatures.sign(Signatures.keyed(SECRET), "msg_1", 1_700_000_000L, BODY))
                .doesNotContainKey("authorization");
    }

    @Test
    void sendsTheTokenAsBearerAndLogsOnlyItsScheme() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().token("tok-123").build());
        assertThat(request.headers()).containsEntry("authorization", "Bearer tok-123");
        assertThat(request.masked().getString("authorization")).isEqualTo("Bearer ***");
        assertThat(request.masked().encode()).doesNotContain("tok-123");
    }

    @Test
    void sendsBasicCredentialsEncodedAndLogsOnlyTheScheme() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().basic("ops", "p@ss:word").build());
        String expected = Base64.getEncoder().encodeToString("ops:p@ss:word".getBytes(StandardCharsets.UTF_8));
        assertThat(request.headers()).containsEntry("authorization", "Basic " + expected);
        assertThat(request.masked().getString("authorization")).isEqualTo("Basic ***");
        assertThat(request.masked().encode()).doesNotContain(expected).doesNotContain("p@ss");
    }

    @Test
    void addsCustomHeadersLowerCasedAndMasksTheirValuesInTheLog() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().header("X-Api-Key", "k-999").header("X-Tenant", "acme").build());
        assertThat(request.headers()).containsEntry("x-api-key", "k-999").containsEntry("x-tenant", "acme");
        assertThat(request.masked().getString("x-api-key")).isEqualTo("***");
        assertThat(request.masked().encode()).doesNotContain("k-999").doesNotContain("acme");
    }

    @Test
    void customHeadersCannotReplaceThePlatformsOwn() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().header("webhook-id", "forged").header("content-type", "text/plain").build());
        assertThat(request.headers()).containsEntry("webhook-id", "msg_1").containsEntry("content-type", "application/json");
    }

    @Test
    void logKeepsTheIdAndTimestampButNeverTheSignature() throws Exception {
        OutgoingRequest request = build(new EndpointBuilder().build());
        assertThat(request.masked().getString("webhook-id")).isEqualTo("msg_1");
        assertThat(request.masked().getString("webhook-timestamp")).isEqualTo("1700000000");
        assertThat(request.masked().getString("webhook-signature")).isEqualTo("***");
    }

    @Test
    void signsWithEverySecretOfARotation() throws Exception {
        String next = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        OutgoingRequest request = build(new EndpointBuilder().secrets(List.of(next, SECRET)).build());
        assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(2);
    }

    @Test
    void valuesSealedUnderAnotherKeyAreUnreadable() {
        DeliveryStore.Endpoint endpoint = new EndpointBuilder().build();
        SecretBox other = new SecretBox(new byte[32]);
        byte[] foreign = new SecretBox(Base64.getDecoder().decode(SecretBox.generateKey())).seal(SECRET, ENDPOINT_ID);
        DeliveryStore.Endpoint unreadable = new DeliveryStore.Endpoint(endpoint.url(), null, null, null, null, true, List.of(foreign));
        assertThatThrownBy(() -> OutgoingRequest.Credentials.open(other, ENDPOINT_ID, unreadable))
                .isInstanceOf(OutgoingRequest.Unreadable.class).hasMessageNotContaining(SECRET);
    }

    @Test
    void aSigningSecretThatIsNotBase64IsUnreadable() {
        DeliveryStore.Endpoint endpoint = new EndpointBuilder().secrets(List.of("whsec_not base64!")).build();
        assertThatThrownBy(() -> OutgoingRequest.Credentials.open(box, ENDPOINT_ID, endpoint)).isInstanceOf(OutgoingRequest.Unreadable.class);
    }

    @Test
    void anEndpointStaysOpenedWhileItsSealedValuesAreTheSame() throws Exception {
        CredentialsCache cache = new CredentialsCache(box, 10);
        UUID id = UUID.fromString(ENDPOINT_ID);
        DeliveryStore.Endpoint endpoint = new EndpointBuilder().token("tok-1").header("X-Tenant", "acme").build();

        OutgoingRequest.Credentials opened = cache.get(id, endpoint);
        OutgoingRequest first = OutgoingRequest.build(opened, "msg_1", 1_700_000_000L, BODY);
        OutgoingRequest second = OutgoingRequest.build(cache.get(id, endpoint), "msg_2", 1_700_000_000L, BODY);

        assertThat(cache.get(id, endpoint)).isSameAs(opened);
        assertThat(second.headers()).containsEntry("authorization", "Bearer tok-1").containsEntry("x-tenant", "acme")
                .containsEntry("webhook-id", "msg_2");
        assertThat(second.headers().get("webhook-signature")).isNotEqualTo(first.headers().get("webhook-signature"))
                .isEqualTo("v1," + Signatures.sign(Signatures.keyed(SECRET), "msg_2", 1_700_000_000L, BODY));
    }

    @Test
    void aRotatedSecretOrEditedTokenOpensAgainOnTheNextAttempt() throws Exception {
        CredentialsCache cache = new CredentialsCache(box, 10);
        UUID id = UUID.fromString(ENDPOINT_ID);
        String next = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        OutgoingRequest.Credentials before = cache.get(id, new EndpointBuilder().token("tok-1").build());

        OutgoingRequest.Credentials rotated = cache.get(id, new EndpointBuilder().token("tok-1").secrets(List.of(next, SECRET)).build());
        OutgoingRequest.Credentials retokened = cache.get(id, new EndpointBuilder().token("tok-2").secrets(List.of(next, SECRET)).build());

        assertThat(rotated).isNotSameAs(before);
        assertThat(rotated.signingKeys()).hasSize(2);
        assertThat(retokened.authorization()).isEqualTo("Bearer tok-2");
    }

    @Test
    void anEndpointThatDoesNotOpenIsRefusedOnEveryAttemptAndNeverCached() {
        CredentialsCache cache = new CredentialsCache(new SecretBox(Base64.getDecoder().decode(SecretBox.generateKey())), 10);
        DeliveryStore.Endpoint endpoint = new EndpointBuilder().build();

        assertThatThrownBy(() -> cache.get(UUID.fromString(ENDPOINT_ID), endpoint)).isInstanceOf(OutgoingRequest.Unreadable.class);
        assertThatThrownBy(() -> cache.get(UUID.fromString(ENDPOINT_ID), endpoint)).isInstanceOf(OutgoingRequest.Unreadable.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() throws Exception {
        CredentialsCache cache = new CredentialsCache(box, 2);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        DeliveryStore.Endpoint endpointA = new EndpointBuilder().sealedFor(a).build();
        DeliveryStore.Endpoint endpointB = new EndpointBuilder().sealedFor(b).build();
        OutgoingRequest.Credentials openedA = cache.get(a, endpointA);
        OutgoingRequest.Credentials openedB = cache.get(b, endpointB);
        cache.get(a, endpointA); // a is now the most recently used

        cache.get(c, new EndpointBuilder().sealedFor(c).build());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a, endpointA)).isSameAs(openedA);
        assertThat(cache.get(b, endpointB)).isNotSameAs(openedB); // dropped, opened again
    }
}
