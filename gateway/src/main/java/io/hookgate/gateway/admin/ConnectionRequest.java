package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;
import io.vertx.core.json.JsonObject;

import io.hookgate.model.net.IpAllowList;
import io.hookgate.model.payload.Payload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated {@code POST /api/v1/connections} body. Every rule fails with the field it concerns. */
record ConnectionRequest(
        String name,
        AuthRequest auth,
        PayloadFormat format,
        Connection.Identifier identifier,
        int maxBodyBytes,
        List<String> allowedIps,
        Integer rateLimitPerSecond,
        boolean requireTrigger,
        boolean createMissingContacts,
        ContactResolution contactResolution) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9 \\[\\]()._-]{3,50}");
    static final int MAX_PATH = 512;

    static ConnectionRequest parse(JsonObject body) {
        String name = name(JsonFields.requiredString(body, "name", "name"));
        JsonObject auth = JsonFields.object(body, "auth", "auth");
        if (auth == null) {
            throw ApiException.validation("auth", "auth is required, e.g. {\"mode\":\"SHARED_SECRET\"}");
        }
        AuthRequest authRequest = AuthRequest.parse(auth);
        PayloadFormat requested = JsonFields.enumValue(body, "format", "format", PayloadFormat.class);
        PayloadFormat format = requested == null ? PayloadFormat.JSON : requested;
        Integer maxBody = JsonFields.integer(body, "maxBodyBytes", "maxBodyBytes", 1, Connection.MAX_BODY_BYTES_LIMIT);
        return new ConnectionRequest(name, authRequest, format, identifier(body, format),
                maxBody == null ? Connection.DEFAULT_MAX_BODY_BYTES : maxBody, allowedIps(body),
                JsonFields.integer(body, "rateLimitPerSecond", "rateLimitPerSecond", 1, 1_000_000),
                Boolean.TRUE.equals(JsonFields.bool(body, "requireTrigger", "requireTrigger")),
                Boolean.TRUE.equals(JsonFields.bool(body, "createMissingContacts", "createMissingContacts")),
                contactResolution(body));
    }

    static String name(String raw) {
        String name = raw.trim();
        if (!NAME.matcher(name).matches()) {
            throw ApiException.validation("name",
                    "name must be 3-50 characters: letters, digits, spaces and []()._-");
        }
        return name;
    }

    /**
     * {@code PATCH}: only the fields present change; {@code "identifier": null} removes the identifier.
     * The auth mode is immutable; auth settings may change (checked by building the verifier again).
     */
    static Connection patch(Connection current, JsonObject body, Instant now) {
        for (String field : body.fieldNames()) {
            if (!Set.of("name", "auth", "identifier", "maxBodyBytes", "allowedIps", "rateLimitPerSecond", "requireTrigger").contains(field)) {
                throw ApiException.validation(field, field + " cannot be changed");
            }
        }
        String name = body.containsKey("name") ? name(JsonFields.requiredString(body, "name", "name")) : current.name();
        AuthSettings settings = current.authSettings();
        JsonObject auth = JsonFields.object(body, "auth", "auth");
        if (auth != null) {
            JsonObject merged = new JsonObject().put("mode", current.authMode().name()).mergeIn(current.authSettings().toJson());
            String mode = JsonFields.string(auth, "mode", "auth.mode");
            if (mode != null && !mode.equalsIgnoreCase(current.authMode().name())) {
                throw ApiException.validation("auth.mode", "auth.mode is immutable; create a new connection instead");
            }
            if (auth.containsKey("secret") || auth.containsKey("verifyToken")) {
                throw ApiException.validation(auth.containsKey("secret") ? "auth.secret" : "auth.verifyToken",
                        "secrets change through POST /api/v1/connections/{id}/secret/rotate");
            }
            auth.forEach(e -> merged.put(e.getKey(), e.getValue()));
            settings = AuthRequest.parse(merged).settings();
        }
        Connection.Identifier identifier = body.containsKey("identifier")
                ? (body.getValue("identifier") == null ? null : identifier(body, current.format())) : current.identifier();
        Integer maxBody = JsonFields.integer(body, "maxBodyBytes", "maxBodyBytes", 1, Connection.MAX_BODY_BYTES_LIMIT);
        List<String> ips = body.containsKey("allowedIps") ? allowedIps(body) : current.allowedIps();
        Integer rate = body.containsKey("rateLimitPerSecond")
                ? JsonFields.integer(body, "rateLimitPerSecond", "rateLimitPerSecond", 1, 1_000_000) : current.rateLimitPerSecond();
        boolean requireTrigger = body.containsKey("requireTrigger")
                ? Boolean.TRUE.equals(JsonFields.bool(body, "requireTrigger", "requireTrigger")) : current.requireTrigger();
        return current.edited(name, settings, identifier, maxBody == null ? current.maxBodyBytes() : maxBody, ips, rate,
                requireTrigger, now);
    }

    private static Connection.Identifier identifier(JsonObject body, PayloadFormat format) {
        JsonObject ident = JsonFields.object(body, "identifier", "identifier");
        if (ident == null) {
            return null;
        }
        IdentifierType type = JsonFields.enumValue(ident, "type", "identifier.type", IdentifierType.class);
        if (type == null) {
            throw ApiException.validation("identifier.type", "identifier.type is required");
        }
        String path = JsonFields.requiredString(ident, "path", "identifier.path").trim();
        if (path.isEmpty() || path.length() > MAX_PATH) {
            throw ApiException.validation("identifier.path", "identifier.path must be a JSONPath or dotted path (at most 512 characters)");
        }
        try {
            Payload.validatePath(format, path);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("identifier.path", "identifier.path " + e.getMessage());
        }
        String channel = JsonFields.string(ident, "channel", "identifier.channel");
        if (type == IdentifierType.CHANNEL_USER_ID && (channel == null || channel.isBlank())) {
            throw ApiException.validation("identifier.channel", "identifier.channel is required for CHANNEL_USER_ID");
        }
        if (type != IdentifierType.CHANNEL_USER_ID && channel != null) {
            throw ApiException.validation("identifier.channel", "identifier.channel only applies to CHANNEL_USER_ID");
        }
        return new Connection.Identifier(type, path, channel);
    }

    private static ContactResolution contactResolution(JsonObject body) {
        ContactResolution resolution = JsonFields.enumValue(body, "contactResolution", "contactResolution", ContactResolution.class);
        if (resolution == ContactResolution.SYNC && body.getValue("identifier") == null) {
            throw ApiException.validation("contactResolution", "SYNC contact resolution needs an identifier");
        }
        return resolution == null ? ContactResolution.ASYNC : resolution;
    }

    static List<String> allowedIps(JsonObject body) {
        var ips = JsonFields.array(body, "allowedIps", "allowedIps");
        if (ips == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object ip : ips) {
            if (!(ip instanceof String s)) {
                throw ApiException.validation("allowedIps", "allowedIps must be a list of addresses or CIDRs");
            }
            out.add(s.trim());
        }
        try {
            IpAllowList.parse(out);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("allowedIps", e.getMessage());
        }
        return out;
    }
}
