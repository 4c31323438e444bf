package io.hookgate.gateway.connection;

import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Environment;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;

import java.time.Instant;
import java.util.List;

/** An inbound connection as stored. {@code secretHash} never leaves the process. */
public record Connection(
        String id,
        String organisationId,
        Environment environment,
        String name,
        ConnectionStatus status,
        AuthMode authMode,
        String secretHash,
        PayloadFormat format,
        Identifier identifier,
        int maxBodyBytes,
        List<String> allowedIps,
        Integer rateLimitPerSecond,
        ContactResolution contactResolution,
        boolean createMissingContacts,
        boolean requireTrigger,
        int schemaVersion,
        Instant createdAt,
        Instant updatedAt) {

    public static final int DEFAULT_MAX_BODY_BYTES = 102_400;
    public static final int MAX_BODY_BYTES_LIMIT = 1_048_576;

    public Connection {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
    }

    /** Where in each payload the contact identifier is, when the connection names one. */
    public record Identifier(IdentifierType type, String path, String channel) {
    }
}
