package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.model.AuthMode;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One case of the provider vectors in {@code src/test/resources/verify/vectors} (from
 * shared/reference/providers.md): a mode and its settings, secrets, the request as sent, the clock, and the
 * expected result. Also read by the HTTP conformance test of the deploy module.
 */
public record ProviderVector(String file, String name, AuthMode mode, JsonObject settings, List<String> secrets,
                             JsonObject headers, JsonObject query, String body, Long nowSeconds, String method, String uri,
                             Object expect, boolean http) {

    public static final Path DIRECTORY = Path.of("src", "test", "resources", "verify", "vectors");

    public static List<ProviderVector> all(Path directory) {
        List<ProviderVector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                JsonObject doc = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
                for (Object c : doc.getJsonArray("cases")) {
                    JsonObject k = (JsonObject) c;
                    out.add(new ProviderVector(file.getFileName().toString(), k.getString("name"),
                            AuthMode.valueOf(doc.getString("mode")), doc.getJsonObject("settings"),
                            k.getJsonArray("secrets").stream().map(String.class::cast).toList(),
                            k.getJsonObject("headers"), k.getJsonObject("query"), k.getString("body"), k.getLong("now"),
                            k.getString("method"), k.getString("uri"), k.getValue("expect"), k.getBoolean("http", true)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public AuthSettings authSettings() {
        return AuthSettings.fromJson(settings);
    }

    public boolean expectsOk() {
        return "ok".equals(expect) || challenge() != null;
    }

    /** The Slack url_verification challenge the endpoint must echo, if this case is one. */
    public String challenge() {
        return expect instanceof JsonObject o ? o.getString("challenge") : null;
    }

    public String expectedReason() {
        return expect instanceof JsonObject o ? o.getString("reason") : null;
    }

    public String expectedDetail() {
        return expect instanceof JsonObject o ? o.getString("detail") : null;
    }

    public SignedRequest request() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(e -> h.add(e.getKey(), String.valueOf(e.getValue())));
        MultiMap q = MultiMap.caseInsensitiveMultiMap();
        query.forEach(e -> q.add(e.getKey(), String.valueOf(e.getValue())));
        return new SignedRequest(method, uri, h, q, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}
