package io.hookgate.gateway.verify;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code SVIX} (Standard Webhooks): {@code webhook-id}/{@code webhook-timestamp}/{@code webhook-signature}
 * or their {@code svix-*} twins; signed bytes {@code id + "." + ts + "." + body}; the signature header is a
 * space-separated list of {@code v1,<base64 HMAC-SHA256>} (key = base64-decoded {@code whsec_} secret) and,
 * when a {@code whpk_} Ed25519 public key is configured, {@code v1a,<base64 Ed25519>}. Unknown versions are
 * ignored; any match wins.
 */
public final class StandardWebhooksVerifier implements Verifier.Sync {
    private static final String[][] HEADERS = {
            {"svix-id", "svix-timestamp", "svix-signature"},
            {"webhook-id", "webhook-timestamp", "webhook-signature"}};
    private final Crypto.Keyed keys;
    private final List<PublicKey> publicKeys;
    private final Duration tolerance;
    private final Clock clock;

    public StandardWebhooksVerifier(List<String> secrets, List<String> publicKeys, Duration tolerance, Clock clock) {
        this.keys = secrets.isEmpty() ? null : new Crypto.Keyed(Crypto.HmacAlgorithm.SHA256, secrets.stream().map(StandardWebhooksVerifier::secretKey).toList());
        this.publicKeys = publicKeys.stream().map(StandardWebhooksVerifier::publicKey).toList();
        if (this.keys == null && this.publicKeys.isEmpty()) {
            throw new IllegalArgumentException("Standard Webhooks needs a whsec_ secret or a whpk_ public key");
        }
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** {@code whsec_<base64>} (the prefix is optional) to the HMAC key bytes. */
    static byte[] secretKey(String secret) {
        String b64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        byte[] key = Crypto.base64(b64);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ followed by base64 key bytes");
        }
        return key;
    }

    /** {@code whpk_<base64 32-byte Ed25519 key>} to a JDK public key. */
    static PublicKey publicKey(String text) {
        byte[] raw = Crypto.base64(text.startsWith("whpk_") ? text.substring(5) : text);
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("a v1a public key is whpk_ followed by the base64 of 32 Ed25519 key bytes");
        }
        byte[] spki = new byte[44];
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(raw, 0, spki, prefix.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    @Override
    public Verification check(SignedRequest request) {
        String[] names = request.header(HEADERS[0][2]) != null ? HEADERS[0] : HEADERS[1];
        String id = request.header(names[0]);
        String timestamp = request.header(names[1]);
        String signatures = request.header(names[2]);
        if (signatures == null || signatures.isEmpty()) {
            return Verification.fail(FailureReason.MISSING_SIGNATURE, "missing_signature_header");
        }
        if (id == null || id.isEmpty() || timestamp == null || !Crypto.plausibleHeader(signatures) || !Crypto.plausibleHeader(id)) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "malformed_signature_header");
        }
        long seconds = Timestamps.parse(timestamp);
        if (seconds < 0) {
            return Verification.fail(FailureReason.INVALID_SIGNATURE, "timestamp_not_numeric");
        }
        byte[] prefix = Crypto.utf8(id + "." + timestamp + ".");
        List<byte[]> v1 = new ArrayList<>(2);
        List<byte[]> v1a = new ArrayList<>(1);
        for (String entry : signatures.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            byte[] sig = Crypto.base64(entry.substring(comma + 1));
            String version = entry.substring(0, comma);
            if (sig != null && version.equals("v1")) {
                v1.add(sig);
            } else if (sig != null && version.equals("v1a")) {
                v1a.add(sig);
            }
        }
        boolean match = false;
        if (keys != null) {
            for (byte[] sig : v1) {
                match |= keys.matchesAny(sig, prefix, request.body());
            }
        }
        for (byte[] sig : v1a) {
            match |= ed25519(sig, prefix, request.body());
        }
        if (!match) {
            boolean none = (keys == null || v1.isEmpty()) && (publicKeys.isEmpty() || v1a.isEmpty());
            return Verification.fail(FailureReason.INVALID_SIGNATURE, none ? "no_supported_signature" : "signature_mismatch");
        }
        Verification stale = Timestamps.outside(seconds * 1000, clock, tolerance);
        return stale != null ? stale : Verification.ok();
    }

    private boolean ed25519(byte[] signature, byte[] prefix, byte[] body) {
        for (PublicKey key : publicKeys) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(prefix);
                verifier.update(body);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A malformed signature is simply not a match.
            }
        }
        return false;
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.of("svix-signature", "webhook-signature");
    }

    @Override
    public String eventId(SignedRequest request) {
        String id = request.header("svix-id");
        return id != null ? id : request.header("webhook-id");
    }
}
