package io.hookgate.deploy.hostile;

import io.hookgate.deploy.Hookgate;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.LogCapture;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL and JSONPath injection, NUL bytes and out-of-range values in admin fields — connection names,
 * identifier and correlation paths, query parameters, path ids, contact and webhook fields — are clean
 * 400s naming the field (or a plain 404 / 201 where the text is merely data), never a 500.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAdminTest {
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String SQL = "'; DROP TABLE connections;--";
    private static Hookgate app;
    private static Http.Admin admin;
    private static String apiKey;
    private static String connection;
    private static String flow;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        logs = LogCapture.start();
        app = TestApp.start(SharedKafka.bootstrap());
        apiKey = TestDatabase.newTenant().testKey();
        admin = new Http.Admin(app.adminPort(), apiKey);
        connection = admin.post("/api/v1/connections", new JsonObject().put("name", "Admin target")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        flow = admin.post("/api/v1/flows", new JsonObject().put("name", "Admin flow")).json().getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
        logs.close();
    }

    /** One admin call and the exact answer: status, and for a 400 the error code and field. */
    record Call(String name, Function<Http.Admin, Http.Reply> send, int status, String field) {
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> connectionNames() {
        List<Call> calls = new ArrayList<>();
        for (String name : List.of(SQL, "Robert'); DROP TABLE organisations;--", "a\u0000b", "x".repeat(51), "ab", "<script>alert(1)</script>",
                "line\nbreak", "${jndi:ldap://127.0.0.1/a}", "../../etc/passwd", "name\" OR \"1\"=\"1", "%00", "   ", "\u202Eevil name",
                "emoji \uD83D\uDE00 name", "tab\there", "back\\slash")) {
            calls.add(new Call("name " + printable(name), a -> a.post("/api/v1/connections", connectionWith(name, null)), 400, "name"));
        }
        calls.add(new Call("name as a number", a -> a.post("/api/v1/connections",
                new JsonObject().put("name", 42).put("auth", new JsonObject().put("mode", "NONE"))), 400, "name"));
        calls.add(new Call("name that only looks dangerous: brackets, dots, dashes", a -> a.post("/api/v1/connections",
                connectionWith("Robert (admin) [x] a.b_c-d " + UNIQUE.incrementAndGet(), null)), 201, null));
        return dynamic(calls);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> identifierAndCorrelationPaths() {
        List<Call> calls = new ArrayList<>();
        List<String> paths = List.of("$[?(@.a =~ /(a+)+$/)]", "$..[?(@.x)]", "$.a.length()", "$[(@.length-1)]", "$['a'", "",
                "$." + "x".repeat(600), "$.a\u0000", "$.a); DROP TABLE contacts;--", "$[?(@.email == 'x' || 1 == 1)]", "$.a[?]");
        for (String path : paths) {
            calls.add(new Call("identifier.path " + printable(path), a -> a.post("/api/v1/connections", connectionWith(
                    "Path " + UNIQUE.incrementAndGet(), new JsonObject().put("type", "EMAIL").put("path", path))), 400, "identifier.path"));
            if (!path.isEmpty()) {
                calls.add(new Call("correlationPath " + printable(path), a -> a.post("/api/v1/connections/" + connection + "/triggers",
                        new JsonObject().put("flowId", flow).put("action", "RESUME").put("correlationPath", path)), 400, "correlationPath"));
            }
        }
        calls.add(new Call("a plain navigation path is fine", a -> a.post("/api/v1/connections", connectionWith(
                "Path " + UNIQUE.incrementAndGet(), new JsonObject().put("type", "EMAIL").put("path", "$..customer['e-mail']"))), 201, null));
        return dynamic(calls);
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> numbersAndListsOutOfRange() {
        List<Call> calls = new ArrayList<>();
        for (Object value : List.of(-1, 0, "100", 1e12, Long.MAX_VALUE, true)) {
            calls.add(new Call("maxBodyBytes " + value, a -> a.post("/api/v1/connections",
                    connectionWith("Body " + UNIQUE.incrementAndGet(), null).put("maxBodyBytes", value)), 400, "maxBodyBytes"));
        }
        for (Object value : List.of(-5, 0, "ten")) {
            calls.add(new Call("rateLimitPerSecond " + value, a -> a.post("/api/v1/connections",
                    connectionWith("Rate " + UNIQUE.incrementAndGet(), null).put("rateLimitPerSecond", value)), 400, "rateLimitPerSecond"));
        }
        for (String ip : List.of("10.0.0.0/8' OR 1=1", "300.1.1.1", "::g", "10.0.0.0/99")) {
            calls.add(new Call("allowedIps " + ip, a -> a.post("/api/v1/connections",
                    connectionWith("Ips " + UNIQUE.incrementAndGet(), null).put("allowedIps", new JsonArray().add(ip))), 400, "allowedIps"));
        }
        return dynamic(calls);
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> historyQueryParameters() {
        String base = "/api/v1/connections/" + connection + "/requests?";
        List<Call> calls = new ArrayList<>();
        String[][] params = {
                {"outcome", "ACCEPTED' OR '1'='1"}, {"outcome", "\u0000"}, {"outcome", "accepted;--"},
                {"limit", "-1"}, {"limit", "abc"}, {"limit", "1e3"}, {"limit", "99999999999"}, {"limit", "201"}, {"limit", "0"},
                {"from", "2026-01-01' OR 1=1--"}, {"to", "yesterday"}, {"from", "\u0000"}, {"to", "2026-13-45T99:00:00Z"},
                {"cursor", "' OR '1'='1"}, {"cursor", cursor("2026-01-01T00:00:00Z|a\u0000b")}, {"cursor", cursor("not-a-date|x")},
                {"cursor", cursor("2026-01-01T00:00:00Z|")}, {"cursor", cursor("2026-01-01T00:00:00Z|x'; DROP TABLE request_history;--\u0007")}};
        for (String[] p : params) {
            calls.add(new Call("history ?" + p[0] + "=" + printable(p[1]), a -> a.get(base + p[0] + "=" + encode(p[1])), 400, p[0]));
        }
        calls.add(new Call("history with an injected but well-formed cursor id is just a position",
                a -> a.get(base + "cursor=" + cursor("2026-01-01T00:00:00Z|x' OR '1'='1")), 200, null));
        return dynamic(calls);
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> contactsAndPathIds() {
        List<Call> calls = new ArrayList<>();
        String[][] lookups = {{"email", "' OR 1=1 --"}, {"email", "a\u0000b@example.com"}, {"phone", "1;DROP TABLE contacts"},
                {"phone", "+44\u0000"}, {"chatId", "\u0000"}, {"chatId", "x".repeat(300)}, {"channel", "wh'atsapp"}};
        for (String[] l : lookups) {
            String query = "channel".equals(l[0]) ? "channel=" + encode(l[1]) + "&userId=u1" : l[0] + "=" + encode(l[1]);
            calls.add(new Call("contacts ?" + l[0] + "=" + printable(l[1]), a -> a.get("/api/v1/contacts?" + query), 400, l[0]));
        }
        for (String path : List.of("/api/v1/connections/%00", "/api/v1/requests/%00", "/api/v1/contacts/%00", "/api/v1/flows/%01x",
                "/api/v1/connections/con_%0D%0A", "/api/v1/webhooks/%00")) {
            calls.add(new Call("GET " + path, a -> a.get(path), 400, "path"));
        }
        for (String path : List.of("/api/v1/connections/" + encode("con_' OR '1'='1"), "/api/v1/requests/" + encode("' OR 1=1--"),
                "/api/v1/flows/" + encode("';DROP TABLE flows;--"), "/api/v1/contacts/" + encode("1 UNION SELECT key_hash FROM api_keys"))) {
            calls.add(new Call("GET " + path, a -> a.get(path), 404, null));
        }
        calls.add(new Call("contact name with NUL", a -> a.post("/api/v1/contacts",
                new JsonObject().put("name", "a\u0000").put("email", "nul@example.com")), 400, "name"));
        calls.add(new Call("nested NUL in channel ids", a -> a.post("/api/v1/contacts",
                new JsonObject().put("name", "Nested").put("channelUserIds", new JsonObject().put("whatsapp", "4477\u0000"))), 400,
                "channelUserIds.whatsapp"));
        calls.add(new Call("contact name with SQL is just a name", a -> a.post("/api/v1/contacts",
                new JsonObject().put("name", "Robert'); DROP TABLE contacts;--").put("email", "bobby" + UNIQUE.incrementAndGet() + "@example.com")),
                201, null));
        calls.add(new Call("flow name with SQL is just a name", a -> a.post("/api/v1/flows",
                new JsonObject().put("name", SQL + UNIQUE.incrementAndGet())), 201, null));
        calls.add(new Call("flow name with NUL", a -> a.post("/api/v1/flows", new JsonObject().put("name", "f\u0000")), 400, "name"));
        for (String url : List.of("javascript:alert(1)", "file:///etc/passwd", "https://user:pw@example.com/x", "https://", "gopher://x")) {
            calls.add(new Call("webhook url " + url, a -> a.post("/api/v1/webhooks",
                    new JsonObject().put("url", url).put("events", new JsonArray().add("contact.created"))), 400, "url"));
        }
        calls.add(new Call("webhook event injection", a -> a.post("/api/v1/webhooks", new JsonObject().put("url", "https://example.com/h")
                .put("events", new JsonArray().add("flow.' OR 1=1"))), 400, "events"));
        calls.add(new Call("webhook description over 256", a -> a.post("/api/v1/webhooks", new JsonObject().put("url", "https://example.com/h")
                .put("events", new JsonArray().add("contact.created")).put("description", "d".repeat(257))), 400, "description"));
        return dynamic(calls);
    }

    @Test
    @Order(100)
    void theTablesStillStandAndNothingSecretWasLogged() {
        assertThat(admin.get("/api/v1/connections").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/connections/" + connection).json().getString("name")).isEqualTo("Admin target");
        String text = logs.text();
        assertThat(text).doesNotContain(apiKey).doesNotContain("[ERROR]").doesNotContain("\tat io.hookgate");
    }

    private static Stream<DynamicTest> dynamic(List<Call> calls) {
        return calls.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Http.Reply reply = c.send().apply(admin);
            assertThat(reply.status()).as("%s: %s", c.name(), reply.body()).isEqualTo(c.status());
            if (c.status() == 400) {
                JsonObject error = reply.json().getJsonObject("error");
                assertThat(error.getString("code")).as(c.name()).isEqualTo("validation_failed");
                assertThat(error.getString("field")).as(c.name()).isEqualTo(c.field());
            }
        }));
    }

    private static JsonObject connectionWith(String name, JsonObject identifier) {
        JsonObject body = new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", "NONE"));
        return identifier == null ? body : body.put("identifier", identifier);
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(cp -> out.append(Character.isISOControl(cp) ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.toString();
    }
}
