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

    /**
     * The HMAC of a {@code whsec_…} secret (the base64 after the prefix), keyed once; {@link #sign} works on clones of
     * it, so it may be shared between threads.
     *
     * @throws IllegalArgumentException when the secret is not base64
     */
    static Mac keyed(String whsecSecret) {
        byte[] key = Base64.getDecoder().decode(whsecSecret.startsWith("whsec_") ? whsecSecret.substring(6) : whsecSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String header(List<Mac> keyed, String id, long timestamp, byte[] body) {
        StringBuilder header = new StringBuilder();
        for (Mac mac : keyed) {
            header.append(header.isEmpty() ? "" : " ").append("v1,").append(sign(mac, id, timestamp, body));
        }
        return header.toString();
    }

    static String sign(Mac keyed, String id, long timestamp, byte[] body) {
        try {
            Mac mac = (Mac) keyed.clone();
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }
}
