package io.hookgate.model;

import java.security.SecureRandom;

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
    /** Random bytes read ahead per platform thread: one read of the shared, synchronised SecureRandom per 4 KB. */
    private static final ThreadLocal<RandomBytes> READ_AHEAD = ThreadLocal.withInitial(() -> new RandomBytes(4096));

    private final String prefix;

    IdKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Bytes from the SecureRandom, one per character; bytes of 248 and above are skipped so that every character
     * stays equally likely. Ids are made on every request (two per webhook), so a platform thread reads its bytes
     * 4 KB ahead instead of locking the shared SecureRandom for each id; a virtual thread (the admin API's, one per
     * request) reads them per id, since a buffer of its own would be used once.
     */
    public String generate() {
        char[] out = new char[RANDOM_CHARS];
        RandomBytes bytes = Thread.currentThread().isVirtual() ? new RandomBytes(RANDOM_CHARS + 8) : READ_AHEAD.get();
        int filled = 0;
        while (filled < out.length) {
            int value = bytes.next();
            if (value < UNBIASED_LIMIT) {
                out[filled++] = ALPHABET[value % ALPHABET.length];
            }
        }
        return prefix + "_" + new String(out);
    }

    /** True when {@code id} has exactly the shape {@link #generate()} produces. */
    public boolean isWellFormed(String id) {
        if (id == null || id.length() != prefix.length() + 1 + RANDOM_CHARS || !id.startsWith(prefix)
                || id.charAt(prefix.length()) != '_') {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of the shared SecureRandom, read {@code size} at a time, handed out once each. Not thread-safe. */
    private static final class RandomBytes {
        private final byte[] bytes;
        private int next;

        RandomBytes(int size) {
            this.bytes = new byte[size];
            this.next = size;
        }

        int next() {
            if (next == bytes.length) {
                RANDOM.nextBytes(bytes);
                next = 0;
            }
            return bytes[next++] & 0xff;
        }
    }
}
