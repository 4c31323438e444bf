package io.hookgate.gateway.admin;

import io.hookgate.model.Environment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Shape, generation and hashing of admin API keys ({@code hg_test_…}, {@code hg_live_…}). */
public final class ApiKeys {
    private static final Pattern SHAPE = Pattern.compile("hg_(test|live)_[A-Za-z0-9_-]{32,128}");
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static boolean isWellFormed(String key) {
        return key != null && SHAPE.matcher(key).matches();
    }

    public static String generate(Environment env) {
        StringBuilder sb = new StringBuilder(env.keyPrefix());
        for (int i = 0; i < 40; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** SHA-256 of the key: keys are long random strings, so a fast hash is enough and allows an indexed lookup. */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The last four characters, enough for a person to tell keys apart in a list. */
    public static String hint(String key) {
        return key.substring(key.length() - 4);
    }
}
