package io.hookgate.gateway.connection;

import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Environment;
import io.hookgate.model.PayloadFormat;

import java.time.Instant;
import java.util.List;

/** A valid stored connection for tests, changed one field at a time. */
public final class Connections {
    public static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

    private String id = "con_ABCDEFGHIJKLMNOPQRSTUVWX";
    private String organisationId = "org_ABCDEFGHIJKLMNOPQRSTUVWX";
    private String name = "Billing events";
    private AuthMode mode = AuthMode.SHARED_SECRET;
    private AuthSettings settings = AuthSettings.NONE;
    private PayloadFormat format = PayloadFormat.JSON;
    private Connection.Identifier identifier;
    private ContactResolution contactResolution = ContactResolution.ASYNC;
    private List<Credential> credentials = List.of();
    private Integer rateLimit;
    private List<String> allowedIps = List.of();

    private Connections() {
    }

    public static Connections aConnection() {
        return new Connections();
    }

    public Connections id(String value) {
        id = value;
        return this;
    }

    public Connections organisation(String value) {
        this.organisationId = value;
        return this;
    }

    public Connections name(String value) {
        name = value;
        return this;
    }

    public Connections auth(AuthMode value) {
        mode = value;
        return this;
    }

    public Connections auth(AuthMode value, AuthSettings authSettings) {
        mode = value;
        settings = authSettings;
        return this;
    }

    public Connections hmacPreset(String preset) {
        return auth(AuthMode.HMAC, new AuthSettings(preset, null, null, null, null, null, null, null));
    }

    public Connections format(PayloadFormat value) {
        format = value;
        return this;
    }

    public Connections identifier(Connection.Identifier value) {
        identifier = value;
        return this;
    }

    public Connections contactResolution(ContactResolution value) {
        contactResolution = value;
        return this;
    }

    public Connections credentials(Credential... values) {
        credentials = List.of(values);
        return this;
    }

    public Connections rateLimit(Integer perSecond) {
        rateLimit = perSecond;
        return this;
    }

    public Connections allowedIps(String... values) {
        allowedIps = List.of(values);
        return this;
    }

    public Connection build() {
        return new Connection(id, organisationId, Environment.TEST, name, ConnectionStatus.ACTIVE, mode, settings,
                credentials, format, identifier, Connection.DEFAULT_MAX_BODY_BYTES, allowedIps, rateLimit, contactResolution,
                false, false, 0, null, List.of(), CREATED, CREATED);
    }
}
