package io.hookgate.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One load run: the spec of a {@link LoadGenerator}, run in its own JVM. */
final class Load {
    private final JsonObject spec = new JsonObject().put("bodyBytes", 1024).put("headers", new JsonObject());

    private Load(List<String> urls, String mode) {
        spec.put("urls", new JsonArray(urls)).put("mode", mode);
    }

    /** {@code concurrency} requests always in flight: the maximum throughput. */
    static Load closed(List<String> urls, int concurrency) {
        Load load = new Load(urls, "closed");
        load.spec.put("concurrency", concurrency);
        return load;
    }

    /** A fixed schedule of {@code rate} requests/s, latency from each intended send time. */
    static Load open(List<String> urls, double rate) {
        Load load = new Load(urls, "open");
        load.spec.put("rate", rate);
        return load;
    }

    Load body(int bytes) {
        spec.put("bodyBytes", bytes);
        return this;
    }

    Load headers(Map<String, String> headers) {
        spec.put("headers", new JsonObject(new HashMap<>(headers)));
        return this;
    }

    Load signed(String scheme, String secret) {
        spec.put("sign", new JsonObject().put("scheme", scheme).put("secret", secret));
        return this;
    }

    Load idempotencyKeys() {
        spec.put("idempotencyKeys", true);
        return this;
    }

    Load timing(int warmupSeconds, int seconds) {
        spec.put("warmupSeconds", warmupSeconds).put("seconds", seconds);
        return this;
    }

    /**
     * Runs the generator; fails when it did not finish, or when no request at all succeeded (with the reasons
     * it saw) — not when a slow machine answered none inside the measured window (a timing, reported as 0/s).
     */
    JsonObject run() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path specFile = Files.createTempFile("hookgate-load-", ".json"); // 100,000 URLs do not fit a command line
        Files.writeString(specFile, spec.encode());
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(), specFile.toString()).start();
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        long limit = spec.getInteger("warmupSeconds", 3) + spec.getInteger("seconds", 10) + 120L;
        if (!process.waitFor(limit, TimeUnit.SECONDS) || last == null) {
            process.destroyForcibly();
            throw new IllegalStateException("load generator failed: " + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        Files.deleteIfExists(specFile);
        JsonObject result = new JsonObject(last);
        String shown = spec.copy().put("urls", spec.getJsonArray("urls").size() + " urls").put("headers", "…").encode();
        if (result.getLong("okTotal") == 0) {
            throw new IllegalStateException("no request succeeded in " + shown + ": " + result.encode());
        }
        System.out.println("  " + shown + " → " + result.encode());
        return result;
    }
}
