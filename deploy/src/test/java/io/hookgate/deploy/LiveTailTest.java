package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live tail streams each request of a connection, whichever gateway took it, and resumes from Last-Event-ID. */
class LiveTailTest {
    private static Hookgate app;
    private static Hookgate otherGateway;
    private static TestDatabase.Tenant tenant;
    private static Http.Admin admin;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
        otherGateway = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_ROLES", "ingest"), BatchObserver.NONE);
        tenant = TestDatabase.newTenant();
        admin = new Http.Admin(app.adminPort(), tenant.testKey());
    }

    @AfterAll
    static void stop() {
        otherGateway.close();
        app.close();
    }

    @Test
    void streamsRequestsTakenByAnotherGatewayAndResumesFromLastEventId() throws Exception {
        String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Tailed")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        Tail tail = Tail.open(id, null);

        Http.webhook(otherGateway.ingestPort(), id).header("x-request-id", "tail-1").send();
        Event first = tail.next(Duration.ofSeconds(5));
        tail.close();

        assertThat(first.data().getString("requestId")).isEqualTo("tail-1");
        assertThat(first.data().getString("outcome")).isEqualTo("ACCEPTED");

        Http.webhook(app.ingestPort(), id).header("x-request-id", "tail-2").send();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/requests/tail-2").status() == 200);
        Tail resumed = Tail.open(id, first.id());
        Event missed = resumed.next(Duration.ofSeconds(5));
        resumed.close();

        assertThat(missed.data().getString("requestId")).isEqualTo("tail-2");
    }

    @Test
    void anotherOrganisationCannotTailTheConnection() throws Exception {
        String id = admin.post("/api/v1/connections", new JsonObject().put("name", "Private tail")
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + "/api/v1/connections/" + id + "/requests/stream"))
                .header("authorization", "Bearer " + TestDatabase.newTenant().testKey()).GET().build();

        assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    record Event(String id, JsonObject data) {
    }

    /** An open event stream, read line by line on a background thread. */
    static final class Tail {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private CompletableFuture<HttpResponse<Stream<String>>> response;

        static Tail open(String connectionId, String lastEventId) throws Exception {
            Tail tail = new Tail();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort()
                            + "/api/v1/connections/" + connectionId + "/requests/stream"))
                    .header("authorization", "Bearer " + tenant.testKey()).GET();
            if (lastEventId != null) {
                b.header("last-event-id", lastEventId);
            }
            tail.response = CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> r = tail.response.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
            Thread reader = new Thread(() -> {
                String id = null;
                for (var it = r.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        tail.events.add(new Event(id, new JsonObject(line.substring(6))));
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
            return tail;
        }

        Event next(Duration within) throws InterruptedException {
            Event e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event within " + within).isNotNull();
            return e;
        }

        void close() {
            response.thenAccept(r -> r.body().close());
        }
    }
}
