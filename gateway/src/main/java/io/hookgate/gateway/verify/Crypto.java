package io.hookgate.gateway.verify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Small, allocation-conscious crypto helpers shared by the verifiers. Never logs. */
public final class Crypto {
    private Crypto() {
    }

    /** HMAC algorithm names as the JDK knows them. */
    public enum HmacAlgorithm {
        SHA1("HmacSHA1", 20),
        SHA256("HmacSHA256", 32),
        SHA512("HmacSHA512", 64);

        final String jdkName;
        final int length;

        HmacAlgorithm(String jdkName, int length) {
            this.jdkName = jdkName;
            this.length = length;
        }
    }

    /**
     * One {@link Mac} per key and per thread, made once: verifiers run on a few event-loop threads, and
     * creating a Mac per request would dominate the cost of a 1 KB HMAC.
     */
    public static final class Keyed {
        private final List<ThreadLocal<Mac>> macs;

        public Keyed(HmacAlgorithm algorithm, List<byte[]> keys) {
            if (keys.isEmpty() || keys.stream().anyMatch(k -> k == null || k.length == 0)) {
                throw new IllegalArgumentException("a signing secret is required and must not be empty");
            }
            this.macs = keys.stream().map(k -> ThreadLocal.withInitial(() -> mac(algorithm, k))).toList();
        }

        public int size() {
            return macs.size();
        }

        /** HMAC of the concatenated parts under key {@code index}. */
        public byte[] sign(int index, byte[]... parts) {
            Mac mac = macs.get(index).get();
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        }

        /** Whether {@code candidate} equals the HMAC of the parts under any key (constant time per comparison). */
        public boolean matchesAny(byte[] candidate, byte[]... parts) {
            boolean match = false;
            for (int i = 0; i < macs.size(); i++) {
                match |= MessageDigest.isEqual(sign(i, parts), candidate);
            }
            return match;
        }
    }

    static Mac mac(HmacAlgorithm algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm.jdkName);
            mac.init(new SecretKeySpec(key, algorithm.jdkName));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    public static List<byte[]> utf8(List<String> secrets) {
        if (secrets == null || secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new IllegalArgumentException("a signing secret is required and must not be empty");
        }
        return secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex (either case) to bytes, or null when it is not hex of an even length. */
    public static byte[] hex(String text) {
        if (text == null || text.isEmpty() || (text.length() & 1) == 1) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Standard or URL-safe base64 (padding optional) to bytes, or null. */
    public static byte[] base64(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time equality of two strings of any length (compared as SHA-256 digests). */
    public static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(sha256(utf8(a)), sha256(utf8(b)));
    }

    /** Headers longer than this are refused before any parsing: no signature scheme needs more. */
    public static final int MAX_HEADER_CHARS = 8192;

    public static boolean plausibleHeader(String value) {
        if (value.length() > MAX_HEADER_CHARS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
