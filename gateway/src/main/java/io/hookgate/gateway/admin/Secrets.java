package io.hookgate.gateway.admin;

import java.security.SecureRandom;
import java.util.Base64;

/** Generated connection secrets: 32 random bytes, base64url. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
