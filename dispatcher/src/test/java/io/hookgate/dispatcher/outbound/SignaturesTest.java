package io.hookgate.dispatcher.outbound;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {
    /** The Standard Webhooks specification's own example. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheSpecificationsExampleByteForByte() {
        assertThat(Signatures.header(List.of(Signatures.keyed(SECRET)), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationCarriesOneSignaturePerSecretSpaceSeparated() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        String header = Signatures.header(List.of(Signatures.keyed(other), Signatures.keyed(SECRET)), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);
        assertThat(header.split(" ")).hasSize(2).contains("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
                .allMatch(s -> s.startsWith("v1,"));
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        String base = Signatures.sign(Signatures.keyed(SECRET), "msg_1", 100, BODY);
        assertThat(Signatures.sign(Signatures.keyed(SECRET), "msg_2", 100, BODY)).isNotEqualTo(base);
        assertThat(Signatures.sign(Signatures.keyed(SECRET), "msg_1", 101, BODY)).isNotEqualTo(base);
        assertThat(Signatures.sign(Signatures.keyed(SECRET), "msg_1", 100, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
    }
}
