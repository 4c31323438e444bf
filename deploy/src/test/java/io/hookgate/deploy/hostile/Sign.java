package io.hookgate.deploy.hostile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/** HMAC the way the providers sign (providers.md): hex or base64 of HMAC-SHA256 over the signed bytes. */
final class Sign {
    private Sign() {
    }

    static byte[] hmac(byte[] key, String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String part : parts) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String secret, String... parts) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), parts));
    }

    static String base64(byte[] key, String... parts) {
        return Base64.getEncoder().encodeToString(hmac(key, parts));
    }
}
