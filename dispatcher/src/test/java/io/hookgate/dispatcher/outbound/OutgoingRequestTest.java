package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

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

        EndpointBuilder secrets(List<String> s) {
            secrets = s;
            return this;
        }

        DeliveryStore.Endpoint build() {
            return new DeliveryStore.Endpoint("https://example.com/hook", seal(token), basic == null ? null : seal(basic.encode()),
                    headers == null ? null : seal(headers.encode()), null, true, secrets.stream().map(this::seal).toList());
        }

        private byte[] seal(String value) {
            return value == null ? null : box.seal(value, ENDPOINT_ID);
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
                .containsEntry("webhook-signature", "v1," + Signatures.sign(Signatures.key(SECRET), "msg_1", 1_700_000_000L, BODY))
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
    void anEndpointSharedByABatchOpensItsValuesOnceForAllItsAttempts() throws Exception {
        OpenedEndpoint target = new OpenedEndpoint(box, ENDPOINT_ID, new EndpointBuilder().token("tok-1").header("X-Tenant", "acme").build());

        OutgoingRequest.Credentials opened = target.credentials();
        OutgoingRequest first = OutgoingRequest.build(opened, "msg_1", 1_700_000_000L, BODY);
        OutgoingRequest second = OutgoingRequest.build(target.credentials(), "msg_2", 1_700_000_000L, BODY);

        assertThat(target.credentials()).isSameAs(opened); // opened on the first call only
        assertThat(second.headers()).containsEntry("authorization", "Bearer tok-1").containsEntry("x-tenant", "acme")
                .containsEntry("webhook-id", "msg_2");
        assertThat(second.headers().get("webhook-signature")).isNotEqualTo(first.headers().get("webhook-signature"))
                .isEqualTo("v1," + Signatures.sign(Signatures.key(SECRET), "msg_2", 1_700_000_000L, BODY));
    }

    @Test
    void anEndpointThatDoesNotOpenRefusesEveryAttemptOfItsBatchWithoutTryingAgain() {
        SecretBox other = new SecretBox(Base64.getDecoder().decode(SecretBox.generateKey()));
        OpenedEndpoint target = new OpenedEndpoint(other, ENDPOINT_ID, new EndpointBuilder().build());

        Throwable first = catchThrowable(target::credentials);
        assertThat(first).isInstanceOf(OutgoingRequest.Unreadable.class);
        assertThat(catchThrowable(target::credentials)).isSameAs(first);
    }
}
