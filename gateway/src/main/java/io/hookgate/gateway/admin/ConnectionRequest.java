package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** A validated {@code POST /api/v1/connections} body. Every rule fails with the field it concerns. */
record ConnectionRequest(
        String name,
        AuthRequest auth,
        PayloadFormat format,
        Connection.Identifier identifier,
        int maxBodyBytes) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9 \\[\\]()._-]{3,50}");
    static final int MAX_PATH = 512;

    static ConnectionRequest parse(JsonObject body) {
        String name = JsonFields.requiredString(body, "name", "name").trim();
        if (!NAME.matcher(name).matches()) {
            throw ApiException.validation("name",
                    "name must be 3-50 characters: letters, digits, spaces and []()._-");
        }
        JsonObject auth = JsonFields.object(body, "auth", "auth");
        if (auth == null) {
            throw ApiException.validation("auth", "auth is required, e.g. {\"mode\":\"SHARED_SECRET\"}");
        }
        AuthRequest authRequest = AuthRequest.parse(auth);
        PayloadFormat format = JsonFields.enumValue(body, "format", "format", PayloadFormat.class);
        if (format == PayloadFormat.XML) {
            throw ApiException.unprocessable("format", "XML connections are not available yet; use JSON");
        }
        Integer maxBody = JsonFields.integer(body, "maxBodyBytes", "maxBodyBytes", 1, Connection.MAX_BODY_BYTES_LIMIT);
        rejectUnsupportedOptions(body);
        return new ConnectionRequest(name, authRequest, PayloadFormat.JSON, identifier(body),
                maxBody == null ? Connection.DEFAULT_MAX_BODY_BYTES : maxBody);
    }

    private static Connection.Identifier identifier(JsonObject body) {
        JsonObject ident = JsonFields.object(body, "identifier", "identifier");
        if (ident == null) {
            return null;
        }
        IdentifierType type = JsonFields.enumValue(ident, "type", "identifier.type", IdentifierType.class);
        if (type == null) {
            throw ApiException.validation("identifier.type", "identifier.type is required");
        }
        String path = JsonFields.requiredString(ident, "path", "identifier.path").trim();
        if (!path.startsWith("$") || path.length() > MAX_PATH) {
            throw ApiException.validation("identifier.path", "identifier.path must be a JSONPath starting with $ (at most 512 characters)");
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

    /**
     * Options of the contract that this version does not enforce yet are refused rather than stored:
     * a stored but unenforced allow-list or rate limit would be worse than none.
     */
    private static void rejectUnsupportedOptions(JsonObject body) {
        var ips = JsonFields.array(body, "allowedIps", "allowedIps");
        if (ips != null && !ips.isEmpty()) {
            throw ApiException.unprocessable("allowedIps", "IP allow-lists are not available yet");
        }
        if (JsonFields.integer(body, "rateLimitPerSecond", "rateLimitPerSecond", 1, 1_000_000) != null) {
            throw ApiException.unprocessable("rateLimitPerSecond", "Rate limits are not available yet");
        }
        if (JsonFields.enumValue(body, "contactResolution", "contactResolution", ContactResolution.class) == ContactResolution.SYNC) {
            throw ApiException.unprocessable("contactResolution", "SYNC contact resolution is not available yet");
        }
        if (Boolean.TRUE.equals(JsonFields.bool(body, "createMissingContacts", "createMissingContacts"))) {
            throw ApiException.unprocessable("createMissingContacts", "Creating missing contacts is not available yet");
        }
        if (Boolean.TRUE.equals(JsonFields.bool(body, "requireTrigger", "requireTrigger"))) {
            throw ApiException.unprocessable("requireTrigger", "requireTrigger is not available yet");
        }
    }
}
