package io.hookgate.dispatcher.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/** Standard Webhooks signing: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one per secret. */
final class Signatures {
    private Signatures() {
    }

    /** The HMAC key of a {@code whsec_…} secret: the base64 after the prefix. */
    static byte[] key(String whsecSecret) {
        return Base64.getDecoder().decode(whsecSecret.startsWith("whsec_") ? whsecSecret.substring(6) : whsecSecret);
    }

    static String header(List<byte[]> keys, String id, long timestamp, byte[] body) {
        StringBuilder header = new StringBuilder();
        for (byte[] key : keys) {
            header.append(header.isEmpty() ? "" : " ").append("v1,").append(sign(key, id, timestamp, body));
        }
        return header.toString();
    }

    static String sign(byte[] key, String id, long timestamp, byte[] body) {
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
