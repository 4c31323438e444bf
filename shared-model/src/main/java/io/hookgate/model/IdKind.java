package io.hookgate.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Prefixed random identifiers ({@code con_3hK…}): the prefix tells a reader what an id names, and a
 * malformed id can be refused before any lookup.
 */
public enum IdKind {
    ORGANISATION("org"),
    API_KEY("key"),
    CONNECTION("con"),
    CREDENTIAL("crd"),
    REQUEST("req"),
    RECORD("rec"),
    CONTACT("ctc"),
    EVENT("evt"),
    FLOW("flow"),
    TRIGGER("trg"),
    RUN("run"),
    FAILED_TRIGGER("ftr");

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 24;
    /** The largest multiple of the alphabet's 62 characters that fits a byte. */
    private static final int UNBIASED_LIMIT = 256 / 62 * 62;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final Pattern shape;

    IdKind(String prefix) {
        this.prefix = prefix;
        this.shape = Pattern.compile(Pattern.quote(prefix + "_") + "[0-9A-Za-z]{" + RANDOM_CHARS + "}");
    }

    public String prefix() {
        return prefix;
    }

    /**
     * One read of the shared SecureRandom per id (not one per character: it is synchronised, and ids are made
     * on every request); bytes of 248 and above are skipped so that every character stays equally likely.
     */
    public String generate() {
        char[] out = new char[RANDOM_CHARS];
        byte[] bytes = new byte[RANDOM_CHARS + 8];
        int filled = 0;
        while (filled < out.length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < out.length; i++) {
                int value = bytes[i] & 0xff;
                if (value < UNBIASED_LIMIT) {
                    out[filled++] = ALPHABET[value % ALPHABET.length];
                }
            }
        }
        return prefix + "_" + new String(out);
    }

    /** True when {@code id} has exactly the shape {@link #generate()} produces. */
    public boolean isWellFormed(String id) {
        return id != null && shape.matcher(id).matches();
    }
}
