package io.hookgate.model.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts secrets at rest with AES-256-GCM under the master key. A sealed value is
 * {@code version(1) | nonce(12) | ciphertext+tag}; the {@code context} (e.g. the connection id) is bound as
 * associated data, so a sealed secret copied to another row does not open.
 */
public final class SecretBox {
    public static final int KEY_BYTES = 32;
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be exactly 32 bytes (256 bits)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A box for a base64 key, as {@code HOOKGATE_MASTER_KEY} holds it. */
    public static SecretBox fromBase64(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HOOKGATE_MASTER_KEY must be base64");
        }
        return new SecretBox(key);
    }

    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public byte[] seal(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /**
     * @throws IllegalArgumentException when the value was not sealed by this key for this context, or was altered
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed value does not open with this key and context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public String openText(byte[] sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM]";
    }
}
