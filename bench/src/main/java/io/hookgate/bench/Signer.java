package io.hookgate.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs each generated request the way the provider would, so that the verified modes are measured with a
 * fresh signature (and, for Svix, a fresh message id) per request: nothing a server-side cache could shortcut.
 * Spec: {@code {"scheme": "stripe"|"svix", "secret": "whsec_…"}}.
 */
interface Signer {
    Signer NONE = (body, sequence, headers) -> {
    };

    void sign(Buffer body, long sequence, MultiMap headers);

    static Signer of(JsonObject spec) {
        if (spec == null) {
            return NONE;
        }
        String secret = spec.getString("secret");
        return switch (spec.getString("scheme")) {
            case "stripe" -> {
                ThreadLocal<Mac> mac = mac(secret.getBytes(StandardCharsets.UTF_8));
                yield (body, sequence, headers) -> {
                    String t = Long.toString(System.currentTimeMillis() / 1000);
                    Mac m = mac.get();
                    m.update((t + ".").getBytes(StandardCharsets.US_ASCII));
                    headers.set("stripe-signature", "t=" + t + ",v1=" + HexFormat.of().formatHex(m.doFinal(body.getBytes())));
                };
            }
            case "svix" -> {
                ThreadLocal<Mac> mac = mac(Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1)));
                String run = Long.toString(System.nanoTime(), 36);
                yield (body, sequence, headers) -> {
                    String id = "msg_" + run + "_" + sequence;
                    String t = Long.toString(System.currentTimeMillis() / 1000);
                    Mac m = mac.get();
                    m.update((id + "." + t + ".").getBytes(StandardCharsets.US_ASCII));
                    headers.set("svix-id", id).set("svix-timestamp", t)
                            .set("svix-signature", "v1," + Base64.getEncoder().encodeToString(m.doFinal(body.getBytes())));
                };
            }
            default -> throw new IllegalArgumentException("unknown signing scheme " + spec.getString("scheme"));
        };
    }

    private static ThreadLocal<Mac> mac(byte[] key) {
        return ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
