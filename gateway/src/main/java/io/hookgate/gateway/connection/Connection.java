package io.hookgate.gateway.connection;

import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Environment;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;

import java.time.Instant;
import java.util.List;

/** An inbound connection as stored. Its credentials never leave the process. */
public record Connection(
        String id,
        String organisationId,
        Environment environment,
        String name,
        ConnectionStatus status,
        AuthMode authMode,
        AuthSettings authSettings,
        List<Credential> credentials,
        PayloadFormat format,
        Identifier identifier,
        int maxBodyBytes,
        List<String> allowedIps,
        Integer rateLimitPerSecond,
        ContactResolution contactResolution,
        boolean createMissingContacts,
        boolean requireTrigger,
        int schemaVersion,
        Instant captureUntil,
        List<TriggerRef> triggers,
        Instant createdAt,
        Instant updatedAt) {

    public static final int DEFAULT_MAX_BODY_BYTES = 102_400;
    public static final int MAX_BODY_BYTES_LIMIT = 1_048_576;

    public Connection {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        authSettings = authSettings == null ? AuthSettings.NONE : authSettings;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    /** Whether a capture window is open: the next payload becomes the schema sample instead of being dispatched. */
    public boolean capturingAt(Instant now) {
        return captureUntil != null && captureUntil.isAfter(now);
    }

    /** Credentials of this purpose still valid at {@code now}, newest first. */
    public List<Credential> activeCredentials(Credential.Purpose purpose, Instant now) {
        return credentials.stream().filter(c -> c.purpose() == purpose && c.activeAt(now)).toList();
    }

    /** When the first grace-period credential runs out (the connection must be reloaded then), or null. */
    public Instant nextCredentialExpiry(Instant now) {
        return credentials.stream().map(Credential::expiresAt)
                .filter(e -> e != null && e.isAfter(now)).min(Instant::compareTo).orElse(null);
    }

    public Connection withCredentials(List<Credential> replacement) {
        return new Connection(id, organisationId, environment, name, status, authMode, authSettings, replacement, format,
                identifier, maxBodyBytes, allowedIps, rateLimitPerSecond, contactResolution, createMissingContacts,
                requireTrigger, schemaVersion, captureUntil, triggers, createdAt, updatedAt);
    }

    /** The same connection with the fields an operator may edit (auth mode and credentials stay). */
    public Connection edited(String newName, AuthSettings newSettings, Identifier newIdentifier, int newMaxBodyBytes,
                             List<String> newAllowedIps, Integer newRateLimit, boolean newRequireTrigger, Instant at) {
        return new Connection(id, organisationId, environment, newName, status, authMode, newSettings, credentials, format,
                newIdentifier, newMaxBodyBytes, newAllowedIps, newRateLimit, contactResolution, createMissingContacts,
                newRequireTrigger, schemaVersion, captureUntil, triggers, createdAt, at);
    }

    public Connection withStatus(ConnectionStatus newStatus, Instant at) {
        return new Connection(id, organisationId, environment, name, newStatus, authMode, authSettings, credentials, format,
                identifier, maxBodyBytes, allowedIps, rateLimitPerSecond, contactResolution, createMissingContacts,
                requireTrigger, schemaVersion, captureUntil, triggers, createdAt, at);
    }

    /** Where in each payload the contact identifier is, when the connection names one. */
    public record Identifier(IdentifierType type, String path, String channel) {
    }
}
