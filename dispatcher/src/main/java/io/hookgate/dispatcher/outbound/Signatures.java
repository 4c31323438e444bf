package io.hookgate.dispatcher.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Standard Webhooks signing: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one per secret. */
final class Signatures {
    private Signatures() {
    }

    static String header(List<String> whsecSecrets, String id, long timestamp, byte[] body) {
        return whsecSecrets.stream().map(secret -> "v1," + sign(secret, id, timestamp, body)).collect(Collectors.joining(" "));
    }

    static String sign(String whsecSecret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(whsecSecret.startsWith("whsec_") ? whsecSecret.substring(6) : whsecSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
