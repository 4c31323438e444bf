package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /api/v1/openapi.json describes exactly what the admin router serves. */
class ApiContractTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static Hookgate app;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedOperationIsServed() {
        Http.Reply reply = new Http.Admin(app.adminPort(), null).get("/api/v1/openapi.json");
        assertThat(reply.status()).isEqualTo(200);
        JsonObject document = reply.json();
        assertThat(document.getString("openapi")).startsWith("3.1");

        List<String> documented = new ArrayList<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (HTTP_METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }

        assertThat(app.adminOperations()).isNotEmpty();
        assertThat(documented).as("documented but not served").isSubsetOf(app.adminOperations());
        assertThat(app.adminOperations()).as("served but not documented").isSubsetOf(documented);
    }
}
