package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.Credential;
import io.hookgate.gateway.verify.SecretHasher;
import io.hookgate.model.AuthMode;
import io.hookgate.model.IdKind;
import io.hookgate.model.crypto.SecretBox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Turns a plain secret into what is stored: bcrypt for shared secrets (the sender repeats them), SHA-256
 * for URL keys (256-bit random), and AES-GCM sealing for every secret a verifier must compute with.
 * Also generates secrets when the caller leaves them out. Call from a virtual thread (bcrypt is awaited
 * on its worker executor).
 */
final class ConnectionSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretHasher hasher;
    private final SecretBox box;

    ConnectionSecrets(SecretHasher hasher, SecretBox box) {
        this.hasher = hasher;
        this.box = box;
    }

    static Credential.Kind kindFor(AuthMode mode, Credential.Purpose purpose) {
        if (purpose == Credential.Purpose.VERIFY_TOKEN) {
            return Credential.Kind.SEALED;
        }
        return switch (mode) {
            case SHARED_SECRET -> Credential.Kind.BCRYPT;
            case URL_KEY -> Credential.Kind.SHA256;
            default -> Credential.Kind.SEALED;
        };
    }

    Credential store(String connectionId, AuthMode mode, Credential.Purpose purpose, String secret, Instant now) {
        Credential.Kind kind = kindFor(mode, purpose);
        byte[] value = switch (kind) {
            case BCRYPT -> hasher.hash(secret).await().getBytes(StandardCharsets.UTF_8);
            case SHA256 -> sha256(secret);
            case SEALED -> box.seal(secret, connectionId);
        };
        return new Credential(IdKind.CREDENTIAL.generate(), purpose, kind, value, now, null);
    }

    /** A strong secret in the shape the mode's senders expect. */
    static String generate(AuthMode mode) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return switch (mode) {
            // Standard Webhooks secrets are whsec_ + base64 of the key bytes; Stripe's carry the same prefix.
            case SVIX -> "whsec_" + Base64.getEncoder().encodeToString(bytes);
            case STRIPE -> "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            default -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
