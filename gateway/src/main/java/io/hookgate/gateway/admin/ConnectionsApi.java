package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.ConnectionStore;
import io.hookgate.gateway.connection.SchemaStore;
import io.hookgate.gateway.connection.Credential;
import io.hookgate.gateway.verify.Verifiers;
import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.IdKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.payload.Schemas;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/v1/connections}. Runs on a virtual-thread verticle, so handlers read straight through
 * with {@code await()}; bcrypt still goes to its worker executor.
 */
final class ConnectionsApi {
    private static final String UNIQUE_VIOLATION = "23505";
    static final int MAX_GRACE_SECONDS = 7 * 86_400;
    static final Duration CAPTURE_WINDOW = Duration.ofMinutes(5);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private final ConnectionStore store;
    private final HistoryStore history;
    private final FlowStore flows;
    private final SchemaStore schemas;
    private final ConnectionSecrets secrets;
    private final Verifiers verifiers;
    private final Supplier<String> ingestBaseUrl;
    private final Clock clock;

    ConnectionsApi(ConnectionStore store, HistoryStore history, FlowStore flows, SchemaStore schemas, ConnectionSecrets secrets,
                   Verifiers verifiers, Supplier<String> ingestBaseUrl, Clock clock) {
        this.store = store;
        this.history = history;
        this.flows = flows;
        this.schemas = schemas;
        this.secrets = secrets;
        this.verifiers = verifiers;
        this.ingestBaseUrl = ingestBaseUrl;
        this.clock = clock;
    }

    void create(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        ConnectionRequest request = ConnectionRequest.parse(JsonFields.body(rc));
        AuthRequest auth = request.auth();
        AuthMode mode = auth.mode();
        String generatedSecret = auth.usesSecret() && auth.secret() == null ? ConnectionSecrets.generate(mode) : null;
        String secret = generatedSecret != null ? generatedSecret : auth.secret();
        String generatedToken = mode == AuthMode.META && auth.verifyToken() == null ? ConnectionSecrets.generate(mode) : null;
        String verifyToken = generatedToken != null ? generatedToken : auth.verifyToken();
        checkBuildsAVerifier(auth, secret);

        String id = IdKind.CONNECTION.generate();
        Instant now = now();
        List<Credential> credentials = new ArrayList<>(2);
        if (secret != null) {
            credentials.add(secrets.store(id, mode, Credential.Purpose.SIGNING, secret, now));
        }
        if (verifyToken != null) {
            credentials.add(secrets.store(id, mode, Credential.Purpose.VERIFY_TOKEN, verifyToken, now));
        }
        Connection connection = new Connection(id, tenant.organisationId(), tenant.environment(), request.name(),
                ConnectionStatus.ACTIVE, mode, auth.settings(), credentials, request.format(), request.identifier(),
                request.maxBodyBytes(), request.allowedIps(), request.rateLimitPerSecond(), request.contactResolution(),
                request.createMissingContacts(), request.requireTrigger(), 0, null, List.of(), now, now);
        try {
            store.insert(connection).await();
        } catch (PgException e) {
            if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
                throw ApiException.conflict("name", "A connection named '" + request.name() + "' already exists");
            }
            throw e;
        }
        JsonObject body = ConnectionJson.full(connection, ingestUrl(connection), 0);
        if (generatedSecret != null) {
            body.put(mode == AuthMode.URL_KEY ? "apiKey" : "secret", generatedSecret);
        }
        if (generatedToken != null) {
            body.put("verifyToken", generatedToken);
        }
        rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(body.toBuffer());
    }

    void list(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        Paging paging = Paging.of(rc);
        List<Connection> fetched = store.list(tenant.organisationId(), tenant.environment(), paging.cursor(), paging.limit() + 1).await();
        List<String> ids = fetched.stream().map(Connection::id).toList();
        Map<String, Instant> lastRequests = history.lastRequestTimes(ids).await();
        Map<String, Integer> flowsCount = flows.flowsCount(ids).await();
        rc.json(paging.render(fetched,
                c -> ConnectionJson.summary(c, ingestUrl(c), lastRequests.get(c.id()), flowsCount.getOrDefault(c.id(), 0)),
                c -> new PageCursor(c.createdAt(), c.id())));
    }

    void get(RoutingContext rc) {
        Connection connection = visible(rc);
        rc.json(full(connection));
    }

    void update(RoutingContext rc) {
        Connection current = visible(rc);
        Connection edited = ConnectionRequest.patch(current, JsonFields.body(rc), now());
        if (!edited.authSettings().equals(current.authSettings())) {
            checkSettings(edited);
        }
        try {
            if (!store.update(edited).await()) {
                throw ApiException.notFound("Connection");
            }
        } catch (PgException e) {
            if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
                throw ApiException.conflict("name", "A connection named '" + edited.name() + "' already exists");
            }
            throw e;
        }
        rc.json(full(edited));
    }

    /** New settings must still make a working verifier with the connection's current secret. */
    private void checkSettings(Connection edited) {
        try {
            verifiers.forConnection(edited);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("auth", e.getMessage());
        }
    }

    /** {@code POST …/capture}: the next payload (within five minutes) becomes the schema sample. */
    void capture(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        Instant until = now().plus(CAPTURE_WINDOW);
        if (!schemas.openCapture(tenant.organisationId(), tenant.environment().name(), rc.pathParam("id"), until).await()) {
            throw ApiException.notFound("Connection");
        }
        rc.json(new JsonObject().put("captureUntil", until.toString()));
    }

    void schema(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        rc.json(schemas.latest(tenant.organisationId(), tenant.environment().name(), visible(rc).id()).await());
    }

    /** {@code POST …/schema {"sample":{…}}}: a sample injected by hand instead of captured. */
    void injectSample(RoutingContext rc) {
        Connection connection = visible(rc);
        Object sample = JsonFields.body(rc).getValue("sample");
        if (!(sample instanceof JsonObject) && !(sample instanceof JsonArray)) {
            throw ApiException.validation("sample", "sample must be a JSON object or array");
        }
        byte[] bytes = Json.encodeToBuffer(sample).getBytes();
        JsonNode tree;
        try {
            tree = JACKSON.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.validation("sample", "sample must be JSON");
        }
        schemas.store(connection.id(), Schemas.infer(tree), bytes, false).await();
        Tenant tenant = Tenant.of(rc);
        rc.json(schemas.latest(tenant.organisationId(), tenant.environment().name(), connection.id()).await());
    }

    void delete(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        if (!store.markDeleted(tenant.organisationId(), tenant.environment(), rc.pathParam("id"), now()).await()) {
            throw ApiException.notFound("Connection");
        }
        rc.response().setStatusCode(204).end();
    }

    void pause(RoutingContext rc) {
        setStatus(rc, ConnectionStatus.PAUSED);
    }

    void resume(RoutingContext rc) {
        setStatus(rc, ConnectionStatus.ACTIVE);
    }

    /**
     * {@code POST …/secret/rotate {"graceSeconds":n}}: a new secret (or URL key), shown once; the old one
     * stops at once, or after the grace period during which both are accepted.
     */
    void rotateSecret(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        Connection connection = visible(rc);
        JsonObject body = rc.body().length() == 0 ? new JsonObject() : JsonFields.body(rc);
        Integer grace = JsonFields.integer(body, "graceSeconds", "graceSeconds", 0, MAX_GRACE_SECONDS);
        AuthMode mode = connection.authMode();
        // A provider secret (Stripe, Slack, …) is set by the provider: the caller brings the new one.
        AuthRequest chosen = AuthRequest.parse(new JsonObject().put("mode", mode.name()).mergeIn(connection.authSettings().toJson())
                .put("secret", JsonFields.string(body, "secret", "secret")));
        if (!chosen.usesSecret()) {
            throw ApiException.unprocessable("auth.mode", "auth.mode " + mode + " has no secret to rotate");
        }
        String fresh = chosen.secret() != null ? chosen.secret() : ConnectionSecrets.generate(mode);
        checkBuildsAVerifier(chosen, fresh);
        Instant now = now();
        Instant graceUntil = now.plusSeconds(grace == null ? 0 : grace);
        Credential credential = secrets.store(connection.id(), mode, Credential.Purpose.SIGNING, fresh, now);
        if (!store.rotate(tenant.organisationId(), tenant.environment(), connection.id(), credential, now, graceUntil).await()) {
            throw ApiException.notFound("Connection");
        }
        JsonObject out = new JsonObject().put("previousValidUntil", graceUntil.toString());
        if (chosen.secret() == null) {
            out.put(mode == AuthMode.URL_KEY ? "apiKey" : "secret", fresh);
        }
        rc.json(out);
    }

    /** The connection of the path, if this tenant may see it; otherwise 404 (never 403: ids are not confirmed). */
    Connection visible(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        return store.find(tenant.organisationId(), tenant.environment(), rc.pathParam("id")).await()
                .orElseThrow(() -> ApiException.notFound("Connection"));
    }

    private void setStatus(RoutingContext rc, ConnectionStatus status) {
        Tenant tenant = Tenant.of(rc);
        Instant now = now();
        if (!store.setStatus(tenant.organisationId(), tenant.environment(), rc.pathParam("id"), status, now).await()) {
            throw ApiException.notFound("Connection");
        }
        get(rc);
    }

    private void checkBuildsAVerifier(AuthRequest auth, String secret) {
        try {
            verifiers.check(auth.mode(), auth.settings(), secret == null ? List.of() : List.of(secret));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("auth", e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private JsonObject full(Connection c) {
        return ConnectionJson.full(c, ingestUrl(c), flows.flowsCount(List.of(c.id())).await().getOrDefault(c.id(), 0));
    }

    private String ingestUrl(Connection c) {
        return ingestBaseUrl.get() + "/webhooks/in/" + c.id();
    }
}
