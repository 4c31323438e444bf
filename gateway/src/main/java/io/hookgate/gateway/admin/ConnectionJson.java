package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.Credential;
import io.hookgate.model.AuthMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** How a connection looks in admin API responses. Never includes a secret or its hash. */
final class ConnectionJson {
    private ConnectionJson() {
    }

    static JsonObject full(Connection c, String ingestUrl, int flowsCount) {
        Connection.Identifier ident = c.identifier();
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("ingestUrl", ingestUrl)
                .put("status", c.status().name())
                .put("auth", auth(c))
                .put("format", c.format().name())
                .put("identifier", ident == null ? null : new JsonObject()
                        .put("type", ident.type().name())
                        .put("path", ident.path())
                        .put("channel", ident.channel()))
                .put("maxBodyBytes", c.maxBodyBytes())
                .put("allowedIps", new JsonArray(c.allowedIps()))
                .put("rateLimitPerSecond", c.rateLimitPerSecond())
                .put("contactResolution", c.contactResolution().name())
                .put("createMissingContacts", c.createMissingContacts())
                .put("requireTrigger", c.requireTrigger())
                .put("schemaVersion", c.schemaVersion())
                .put("flowsCount", flowsCount)
                .put("createdAt", c.createdAt().toString())
                .put("updatedAt", c.updatedAt().toString());
    }

    static JsonObject summary(Connection c, String ingestUrl, Instant lastRequestAt, int flowsCount) {
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("ingestUrl", ingestUrl)
                .put("status", c.status().name())
                .put("auth", auth(c))
                .put("schemaVersion", c.schemaVersion())
                .put("flowsCount", flowsCount)
                .put("lastRequestAt", lastRequestAt == null ? null : lastRequestAt.toString())
                .put("createdAt", c.createdAt().toString());
    }

    /** The auth settings a person needs to see; whether secrets exist, never what they are. */
    private static JsonObject auth(Connection c) {
        JsonObject settings = c.authSettings().toJson();
        boolean publicKey = settings.remove("publicKey") != null;
        JsonObject auth = new JsonObject()
                .put("mode", c.authMode().name())
                .put("secretConfigured", has(c, Credential.Purpose.SIGNING))
                .put("authenticated", c.authMode() != AuthMode.NONE)
                .mergeIn(settings);
        if (publicKey) {
            auth.put("publicKeyConfigured", true);
        }
        if (c.authMode() == AuthMode.META) {
            auth.put("verifyTokenConfigured", has(c, Credential.Purpose.VERIFY_TOKEN));
        }
        return auth;
    }

    private static boolean has(Connection c, Credential.Purpose purpose) {
        return c.credentials().stream().anyMatch(cr -> cr.purpose() == purpose && cr.expiresAt() == null);
    }
}
