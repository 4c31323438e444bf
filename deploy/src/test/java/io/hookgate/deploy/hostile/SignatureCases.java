package io.hookgate.deploy.hostile;

import io.hookgate.deploy.hostile.HostileIngestTest.Case;
import io.hookgate.deploy.hostile.HostileIngestTest.Conns;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static io.hookgate.deploy.hostile.HostileIngestTest.PAYLOAD_MARKER;
import static io.hookgate.deploy.hostile.HostileIngestTest.SENT_CREDENTIALS;

/**
 * Signature headers of Stripe, Svix (Standard Webhooks), Slack and the GitHub preset broken one way at a
 * time from a valid request: missing, empty, forged, truncated, over another body, duplicated, reordered,
 * oversized, non-ASCII, replayed and from the future; plus the variants a provider legitimately sends.
 */
final class SignatureCases {
    private static final String BODY = "{\"id\":\"evt_hostile\",\"marker\":\"" + PAYLOAD_MARKER + "\"}";
    private static final String FORGED_HEX = "0123456789abcdef".repeat(4);

    private SignatureCases() {
    }

    static List<Case> all(Conns c) {
        List<Case> out = new ArrayList<>();
        out.addAll(stripe(c));
        out.addAll(svix(c));
        out.addAll(slack(c));
        out.addAll(github(c));
        out.addAll(sharedSecret(c));
        return out;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static HostileRequest to(String connection) {
        return HostileRequest.post("/webhooks/in/" + connection).body(BODY);
    }

    private static HostileRequest signed(HostileRequest r, String name, String value) {
        if (value.length() >= 16) {
            SENT_CREDENTIALS.add(value);
        }
        return r.header(name, value);
    }

    static List<Case> stripe(Conns c) {
        String h = "stripe-signature";
        Function<Long, String> v1 = t -> Sign.hex(c.stripeSecret(), t + ".", BODY);
        List<Case> out = new ArrayList<>();
        long t = now();
        String sig = v1.apply(t);
        out.add(Case.accepted("stripe: valid", signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig)));
        out.add(Case.accepted("stripe: items reordered", signed(to(c.stripe()), h, "v1=" + sig + ",t=" + t)));
        out.add(Case.accepted("stripe: upper-case hex is the same signature", signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig.toUpperCase(Locale.ROOT))));
        out.add(Case.accepted("stripe: rotation, valid second", signed(to(c.stripe()), h, "t=" + t + ",v1=" + FORGED_HEX + ",v1=" + sig)));
        out.add(Case.accepted("stripe: unknown schemes ignored", signed(to(c.stripe()), h, "t=" + t + ",v0=" + FORGED_HEX + ",v9=x,v1=" + sig)));
        out.add(Case.unauthorized("stripe: missing", to(c.stripe()), "missing_signature"));
        out.add(Case.unauthorized("stripe: empty", signed(to(c.stripe()), h, ""), "missing_signature"));
        out.add(Case.unauthorized("stripe: forged", signed(to(c.stripe()), h, "t=" + t + ",v1=" + FORGED_HEX), "invalid_signature"));
        out.add(Case.unauthorized("stripe: truncated to odd length", signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig.substring(0, 63)), "invalid_signature"));
        out.add(Case.unauthorized("stripe: truncated to half", signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig.substring(0, 32)), "invalid_signature"));
        out.add(Case.unauthorized("stripe: signature of another body",
                signed(to(c.stripe()).body(BODY + "\n"), h, "t=" + t + ",v1=" + sig), "invalid_signature"));
        out.add(Case.unauthorized("stripe: duplicated, valid first",
                signed(signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig), h, "t=" + t + ",v1=" + FORGED_HEX), "invalid_signature"));
        out.add(Case.unauthorized("stripe: duplicated, valid second",
                signed(signed(to(c.stripe()), h, "t=" + t + ",v1=" + FORGED_HEX), h, "t=" + t + ",v1=" + sig), "invalid_signature"));
        out.add(Case.unauthorized("stripe: oversized (9 KB of v1 entries)",
                signed(to(c.stripe()), h, "t=" + t + (",v1=" + FORGED_HEX).repeat(130) + ",v1=" + sig), "invalid_signature"));
        out.add(Case.unauthorized("stripe: non-ASCII in header", signed(to(c.stripe()), h, "t=" + t + ",v1=" + sig + ",x=\u00e9"), "invalid_signature"));
        out.add(Case.unauthorized("stripe: v0 only", signed(to(c.stripe()), h, "t=" + t + ",v0=" + sig), "invalid_signature"));
        out.add(Case.unauthorized("stripe: no timestamp", signed(to(c.stripe()), h, "v1=" + sig), "invalid_signature"));
        out.add(Case.unauthorized("stripe: non-numeric timestamp",
                signed(to(c.stripe()), h, "t=abc,v1=" + Sign.hex(c.stripeSecret(), "abc.", BODY)), "invalid_signature"));
        out.add(Case.unauthorized("stripe: 20-digit timestamp",
                signed(to(c.stripe()), h, "t=99999999999999999999,v1=" + Sign.hex(c.stripeSecret(), "99999999999999999999.", BODY)),
                "invalid_signature"));
        out.add(Case.unauthorized("stripe: replayed (400 s old)", signed(to(c.stripe()), h, "t=" + (t - 400) + ",v1=" + v1.apply(t - 400)),
                "stale_timestamp"));
        out.add(Case.unauthorized("stripe: from the future (400 s ahead)",
                signed(to(c.stripe()), h, "t=" + (t + 400) + ",v1=" + v1.apply(t + 400)), "stale_timestamp"));
        out.add(Case.unauthorized("stripe: another connection's secret",
                signed(to(c.stripe()), h, "t=" + t + ",v1=" + Sign.hex("whsec_someone_else", t + ".", BODY)), "invalid_signature"));
        return out;
    }

    static List<Case> svix(Conns c) {
        List<Case> out = new ArrayList<>();
        long t = now();
        String id = "msg_hostile";
        String sig = "v1," + Sign.base64(c.svixKey(), id + "." + t + ".", BODY);
        out.add(Case.accepted("svix: valid webhook-*", svix(c, id, Long.toString(t), sig)));
        out.add(Case.accepted("svix: valid svix-*", signed(to(c.svix()).header("svix-id", id).header("svix-timestamp", Long.toString(t)),
                "svix-signature", sig)));
        out.add(Case.accepted("svix: decoys around the valid entry", svix(c, id, Long.toString(t),
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2," + sig.substring(3) + " " + sig + " v1a,AAAA")));
        out.add(Case.unauthorized("svix: missing signature", to(c.svix()).header("webhook-id", id).header("webhook-timestamp", Long.toString(t)),
                "missing_signature"));
        out.add(Case.unauthorized("svix: missing id", signed(to(c.svix()).header("webhook-timestamp", Long.toString(t)), "webhook-signature", sig),
                "invalid_signature"));
        out.add(Case.unauthorized("svix: missing timestamp", signed(to(c.svix()).header("webhook-id", id), "webhook-signature", sig),
                "invalid_signature"));
        out.add(Case.unauthorized("svix: forged", svix(c, id, Long.toString(t), "v1," + "A".repeat(43) + "="), "invalid_signature"));
        out.add(Case.unauthorized("svix: truncated", svix(c, id, Long.toString(t), sig.substring(0, 20)), "invalid_signature"));
        out.add(Case.unauthorized("svix: not base64", svix(c, id, Long.toString(t), "v1,***not-base64***"), "invalid_signature"));
        out.add(Case.unauthorized("svix: wrong version only", svix(c, id, Long.toString(t), "v2," + sig.substring(3)), "invalid_signature"));
        out.add(Case.unauthorized("svix: no comma", svix(c, id, Long.toString(t), sig.replace(",", "")), "invalid_signature"));
        out.add(Case.unauthorized("svix: signed for another message id", svix(c, "msg_other", Long.toString(t), sig), "invalid_signature"));
        out.add(Case.unauthorized("svix: duplicated signature header",
                signed(svix(c, id, Long.toString(t), sig), "webhook-signature", sig), "invalid_signature"));
        out.add(Case.unauthorized("svix: oversized", svix(c, id, Long.toString(t), (sig + " ").repeat(200) + sig), "invalid_signature"));
        out.add(Case.unauthorized("svix: replayed", svix(c, id, Long.toString(t - 400),
                "v1," + Sign.base64(c.svixKey(), id + "." + (t - 400) + ".", BODY)), "stale_timestamp"));
        out.add(Case.unauthorized("svix: from the future", svix(c, id, Long.toString(t + 400),
                "v1," + Sign.base64(c.svixKey(), id + "." + (t + 400) + ".", BODY)), "stale_timestamp"));
        long ms = t * 1000;
        out.add(Case.unauthorized("svix: milliseconds instead of seconds", svix(c, id, Long.toString(ms),
                "v1," + Sign.base64(c.svixKey(), id + "." + ms + ".", BODY)), "stale_timestamp"));
        out.add(Case.unauthorized("svix: negative timestamp", svix(c, id, "-1",
                "v1," + Sign.base64(c.svixKey(), id + ".-1.", BODY)), "invalid_signature"));
        return out;
    }

    private static HostileRequest svix(Conns c, String id, String timestamp, String signature) {
        return signed(to(c.svix()).header("webhook-id", id).header("webhook-timestamp", timestamp), "webhook-signature", signature);
    }

    static List<Case> slack(Conns c) {
        List<Case> out = new ArrayList<>();
        long t = now();
        String sig = "v0=" + Sign.hex(c.slackSecret(), "v0:" + t + ":", BODY);
        out.add(Case.accepted("slack: valid", slack(c, Long.toString(t), sig)));
        out.add(Case.accepted("slack: upper-case hex", slack(c, Long.toString(t), "v0=" + sig.substring(3).toUpperCase(Locale.ROOT))));
        out.add(Case.unauthorized("slack: missing signature", to(c.slack()).header("x-slack-request-timestamp", Long.toString(t)),
                "missing_signature"));
        out.add(Case.unauthorized("slack: missing timestamp", signed(to(c.slack()), "x-slack-signature", sig), "missing_signature"));
        out.add(Case.unauthorized("slack: unknown version", slack(c, Long.toString(t), "v1=" + sig.substring(3)), "invalid_signature"));
        out.add(Case.unauthorized("slack: forged", slack(c, Long.toString(t), "v0=" + FORGED_HEX), "invalid_signature"));
        out.add(Case.unauthorized("slack: truncated", slack(c, Long.toString(t), sig.substring(0, sig.length() - 1)), "invalid_signature"));
        out.add(Case.unauthorized("slack: timestamp not a number", slack(c, "12ab", sig), "invalid_signature"));
        out.add(Case.unauthorized("slack: duplicated signature",
                signed(slack(c, Long.toString(t), sig), "x-slack-signature", "v0=" + FORGED_HEX), "invalid_signature"));
        out.add(Case.unauthorized("slack: replayed", slack(c, Long.toString(t - 400),
                "v0=" + Sign.hex(c.slackSecret(), "v0:" + (t - 400) + ":", BODY)), "stale_timestamp"));
        out.add(Case.unauthorized("slack: from the future", slack(c, Long.toString(t + 400),
                "v0=" + Sign.hex(c.slackSecret(), "v0:" + (t + 400) + ":", BODY)), "stale_timestamp"));
        out.add(Case.unauthorized("slack: signature over a re-serialised body",
                signed(to(c.slack()).body(BODY.replace(":", ": ")).header("x-slack-request-timestamp", Long.toString(t)),
                        "x-slack-signature", sig), "invalid_signature"));
        return out;
    }

    private static HostileRequest slack(Conns c, String timestamp, String signature) {
        return signed(to(c.slack()).header("x-slack-request-timestamp", timestamp), "x-slack-signature", signature);
    }

    static List<Case> github(Conns c) {
        String h = "x-hub-signature-256";
        String hex = Sign.hex(c.githubSecret(), BODY);
        List<Case> out = new ArrayList<>();
        out.add(Case.accepted("github: valid", signed(to(c.github()), h, "sha256=" + hex)));
        out.add(Case.accepted("github: prefix in upper case", signed(to(c.github()), h, "SHA256=" + hex)));
        out.add(Case.unauthorized("github: missing", to(c.github()), "missing_signature"));
        out.add(Case.unauthorized("github: no prefix", signed(to(c.github()), h, hex), "invalid_signature"));
        out.add(Case.unauthorized("github: legacy sha1 prefix", signed(to(c.github()), h, "sha1=" + hex.substring(0, 40)), "invalid_signature"));
        out.add(Case.unauthorized("github: forged", signed(to(c.github()), h, "sha256=" + FORGED_HEX), "invalid_signature"));
        out.add(Case.unauthorized("github: truncated", signed(to(c.github()), h, "sha256=" + hex.substring(0, 40)), "invalid_signature"));
        out.add(Case.unauthorized("github: not hex", signed(to(c.github()), h, "sha256=" + "zz".repeat(32)), "invalid_signature"));
        out.add(Case.unauthorized("github: body with one byte more", signed(to(c.github()).body(BODY + " "), h, "sha256=" + hex), "invalid_signature"));
        out.add(Case.unauthorized("github: duplicated", signed(signed(to(c.github()), h, "sha256=" + hex), h, "sha256=" + hex), "invalid_signature"));
        out.add(Case.unauthorized("github: oversized", signed(to(c.github()), h, "sha256=" + hex + "0".repeat(9000)), "invalid_signature"));
        out.add(Case.undecodable("github: control character in the header", signed(to(c.github()), h, "sha256=" + hex + "\u0001"),
                400, "MALFORMED_REQUEST"));
        byte[] empty = new byte[0];
        out.add(Case.unauthorized("github: signature of the empty body", signed(to(c.github()), h, "sha256="
                + Sign.hex(c.githubSecret(), new String(empty, StandardCharsets.UTF_8))), "invalid_signature"));
        return out;
    }

    static List<Case> sharedSecret(Conns c) {
        String h = "x-webhook-secret";
        List<Case> out = new ArrayList<>();
        out.add(Case.accepted("shared secret: valid", signed(to(c.shared()), h, c.sharedSecret())));
        out.add(Case.unauthorized("shared secret: missing", to(c.shared()), "missing_credentials"));
        out.add(Case.unauthorized("shared secret: wrong", signed(to(c.shared()), h, c.sharedSecret() + "x"), "invalid_credentials"));
        out.add(Case.unauthorized("shared secret: duplicated", signed(signed(to(c.shared()), h, c.sharedSecret()), h, "guess"),
                "invalid_credentials"));
        out.add(Case.unauthorized("shared secret: 9 KB", signed(to(c.shared()), h, "s".repeat(9000)), "invalid_credentials"));
        return out;
    }
}
