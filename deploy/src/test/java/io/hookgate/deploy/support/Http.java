package io.hookgate.deploy.support;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real HTTP against the running app, with small builders for webhooks and admin calls. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    /** What came back: status, headers (first values, lower-case names) and the body as JSON when it is JSON. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public static Webhook webhook(int port, String connectionId) {
        return new Webhook("http://127.0.0.1:" + port + "/webhooks/in/" + connectionId);
    }

    public static Webhook webhookAt(int port, String path) {
        return new Webhook("http://127.0.0.1:" + port + path);
    }

    /** A webhook POST: JSON body by default; {@link #chunked()} sends it without Content-Length. */
    public static final class Webhook {
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        private boolean chunked;

        private Webhook(String url) {
            this.url = url;
            headers.put("content-type", "application/json");
        }

        public Webhook header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Webhook body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Webhook body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        public Webhook chunked() {
            this.chunked = true;
            return this;
        }

        public Reply send() {
            HttpRequest.BodyPublisher publisher = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).POST(publisher);
            headers.forEach(b::header);
            return execute(b.build());
        }
    }

    /** An admin API client bound to one API key. */
    public record Admin(int port, String apiKey) {
        public Reply post(String path, JsonObject body) {
            return execute(request(path).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        }

        public Reply patch(String path, JsonObject body) {
            return execute(request(path).header("content-type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())).build());
        }

        public Reply get(String path) {
            return execute(request(path).GET().build());
        }

        public Reply delete(String path) {
            return execute(request(path).DELETE().build());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30));
            if (apiKey != null) {
                b.header("authorization", "Bearer " + apiKey);
            }
            return b;
        }
    }

    static Reply execute(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
