package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind one trusted proxy, the allow-list judges the address that proxy saw, however the client shapes X-Forwarded-For. */
class TrustedProxyTest {
    private static Hookgate app;
    private static String connectionId;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_TRUSTED_PROXY_HOPS", "1"), BatchObserver.NONE);
        Http.Reply created = new Http.Admin(app.adminPort(), TestDatabase.newTenant().testKey()).post("/api/v1/connections",
                new JsonObject().put("name", "Behind a proxy").put("auth", new JsonObject().put("mode", "NONE")).put("allowedIps", new JsonArray().add("203.0.113.0/24")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        connectionId = created.json().getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theEntryTheProxyAppendedIsTheClient() throws IOException {
        assertThat(post(List.of("198.51.100.7, 203.0.113.9"))).isEqualTo(202);
        assertThat(post(List.of("203.0.113.9, 198.51.100.7"))).as("a spoofed leftmost entry").isEqualTo(403);
    }

    @Test
    void aSpoofedLineIsNotBelievedWhenTheProxyAddsItsOwnLine() throws IOException {
        assertThat(post(List.of("203.0.113.9", "198.51.100.7"))).isEqualTo(403);
        assertThat(post(List.of("198.51.100.7", "203.0.113.9"))).isEqualTo(202);
    }

    /** A POST written by hand, so the X-Forwarded-For lines arrive exactly as given; returns the status. */
    private static int post(List<String> forwardedForLines) throws IOException {
        byte[] body = "{\"hello\":\"proxy\"}".getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/json\r\nconnection: close\r\ncontent-length: " + body.length + "\r\n");
        forwardedForLines.forEach(line -> head.append("x-forwarded-for: ").append(line).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.ingestPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
