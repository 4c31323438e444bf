package io.hookgate.bench.jmh;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.gateway.verify.SignedRequest;
import io.hookgate.gateway.verify.Verification;
import io.hookgate.gateway.verify.Verifier;
import io.hookgate.gateway.verify.Verifiers;
import io.hookgate.model.AuthMode;
import io.vertx.core.MultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Every verifier on a valid 1 KB webhook, in nanoseconds per verification (single thread). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class VerifierBenchmark {
    static final long NOW = 1_700_000_000L;

    @Param({"STRIPE", "SLACK", "SVIX", "PADDLE", "REVOLUT", "META", "GITHUB", "SHOPIFY", "PAYSTACK", "ZENDESK",
            "HUBSPOT_V3", "VERCEL", "NETLIFY", "SERVICE_KEY", "URL_KEY", "JWT"})
    public String scheme;

    private Verifier.Sync verifier;
    private SignedRequest request;

    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        Verifiers verifiers = new Verifiers(null, null, clock, () -> "https://hooks.example.com");
        byte[] body = body();
        String b = new String(body, StandardCharsets.UTF_8);
        String secret = "bench-secret-0123456789";
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        MultiMap q = MultiMap.caseInsensitiveMultiMap();
        switch (scheme) {
            case "STRIPE" -> {
                verifier = sync(verifiers, AuthMode.STRIPE, AuthSettings.NONE, secret);
                h.add("stripe-signature", "t=" + NOW + ",v1=" + hex(secret, NOW + "." + b));
            }
            case "SLACK" -> {
                verifier = sync(verifiers, AuthMode.SLACK, AuthSettings.NONE, secret);
                h.add("x-slack-request-timestamp", Long.toString(NOW)).add("x-slack-signature", "v0=" + hex(secret, "v0:" + NOW + ":" + b));
            }
            case "SVIX" -> {
                String whsec = "whsec_" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
                verifier = sync(verifiers, AuthMode.SVIX, AuthSettings.NONE, whsec);
                h.add("webhook-id", "msg_1").add("webhook-timestamp", Long.toString(NOW))
                        .add("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), "msg_1." + NOW + "." + b)));
            }
            case "PADDLE" -> {
                verifier = sync(verifiers, AuthMode.PADDLE, AuthSettings.NONE, secret);
                h.add("paddle-signature", "ts=" + NOW + ";h1=" + hex(secret, NOW + ":" + b));
            }
            case "REVOLUT" -> {
                verifier = sync(verifiers, AuthMode.REVOLUT, AuthSettings.NONE, secret);
                h.add("revolut-request-timestamp", Long.toString(NOW * 1000)).add("revolut-signature", "v1=" + hex(secret, "v1." + NOW * 1000 + "." + b));
            }
            case "META" -> {
                verifier = sync(verifiers, AuthMode.META, AuthSettings.NONE, secret);
                h.add("x-hub-signature-256", "sha256=" + hex(secret, b));
            }
            case "GITHUB", "SHOPIFY", "PAYSTACK", "VERCEL" -> {
                verifier = sync(verifiers, AuthMode.HMAC, preset(scheme), secret);
                switch (scheme) {
                    case "GITHUB" -> h.add("x-hub-signature-256", "sha256=" + hex(secret, b));
                    case "SHOPIFY" -> h.add("x-shopify-hmac-sha256", Base64.getEncoder().encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), b)));
                    case "PAYSTACK" -> h.add("x-paystack-signature", HexFormat.of().formatHex(mac("HmacSHA512", secret, b)));
                    default -> h.add("x-vercel-signature", HexFormat.of().formatHex(mac("HmacSHA1", secret, b)));
                }
            }
            case "ZENDESK" -> {
                verifier = sync(verifiers, AuthMode.HMAC, preset(scheme), secret);
                String ts = Instant.ofEpochSecond(NOW).toString();
                h.add("x-zendesk-webhook-signature-timestamp", ts)
                        .add("x-zendesk-webhook-signature", Base64.getEncoder().encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), ts + b)));
            }
            case "HUBSPOT_V3" -> {
                verifier = sync(verifiers, AuthMode.HMAC, preset(scheme), secret);
                h.add("x-hubspot-request-timestamp", Long.toString(NOW * 1000)).add("x-hubspot-signature-v3",
                        Base64.getEncoder().encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), "POSThttps://hooks.example.com/webhooks/in/con_x" + b + NOW * 1000)));
            }
            case "NETLIFY" -> {
                verifier = sync(verifiers, AuthMode.HMAC, preset(scheme), secret);
                String header = b64u("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
                String payload = b64u("{\"iss\":\"netlify\",\"sha256\":\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"}");
                h.add("x-webhook-signature", header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), header + "." + payload)));
            }
            case "SERVICE_KEY" -> {
                verifier = sync(verifiers, AuthMode.SERVICE_KEY, AuthSettings.NONE, secret);
                h.add("key", secret);
            }
            case "URL_KEY" -> {
                verifier = new io.hookgate.gateway.verify.UrlKeyVerifier(List.of(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))));
                q.add("api_key", secret);
            }
            case "JWT" -> {
                verifier = sync(verifiers, AuthMode.JWT, AuthSettings.NONE, secret);
                String header = b64u("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
                String payload = b64u("{\"iss\":\"bench\",\"exp\":" + (NOW + 600) + "}");
                h.add("authorization", "Bearer " + header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(mac(secret.getBytes(StandardCharsets.UTF_8), header + "." + payload)));
            }
            default -> throw new IllegalArgumentException(scheme);
        }
        request = new SignedRequest("POST", "/webhooks/in/con_x", h, q, body);
        if (!verifier.check(request).verified()) {
            throw new IllegalStateException(scheme + " benchmark request does not verify");
        }
    }

    @Benchmark
    public Verification verify() {
        return verifier.check(request);
    }

    static byte[] body() {
        String head = "{\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_1\",\"pad\":\"";
        return (head + "x".repeat(1024 - head.length() - 4) + "\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Verifier.Sync sync(Verifiers verifiers, AuthMode mode, AuthSettings settings, String secret) {
        return (Verifier.Sync) verifiers.fromSecrets(mode, settings, List.of(secret));
    }

    private static AuthSettings preset(String name) {
        return new AuthSettings(name, null, null, null, null, null, null, null);
    }

    private static String hex(String secret, String message) throws Exception {
        return HexFormat.of().formatHex(mac(secret.getBytes(StandardCharsets.UTF_8), message));
    }

    private static byte[] mac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] mac(String algorithm, String key, String message) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64u(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
