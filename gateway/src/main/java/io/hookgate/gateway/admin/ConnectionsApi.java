package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.ConnectionStore;
import io.hookgate.gateway.verify.SecretHasher;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.IdKind;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/v1/connections}. Runs on a virtual-thread verticle, so handlers read straight through
 * with {@code await()}; bcrypt still goes to its worker executor.
 */
final class ConnectionsApi {
    private static final String UNIQUE_VIOLATION = "23505";

    private final ConnectionStore store;
    private final HistoryStore history;
    private final SecretHasher hasher;
    private final Supplier<String> ingestBaseUrl;
    private final Clock clock;

    ConnectionsApi(ConnectionStore store, HistoryStore history, SecretHasher hasher, Supplier<String> ingestBaseUrl, Clock clock) {
        this.store = store;
        this.history = history;
        this.hasher = hasher;
        this.ingestBaseUrl = ingestBaseUrl;
        this.clock = clock;
    }

    void create(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        ConnectionRequest request = ConnectionRequest.parse(JsonFields.body(rc));
        String generated = request.authMode().needsSecret() && request.secret() == null ? Secrets.generate() : null;
        String secret = generated != null ? generated : request.secret();
        String hash = secret == null ? null : hasher.hash(secret).await();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Connection connection = new Connection(IdKind.CONNECTION.generate(), tenant.organisationId(), tenant.environment(),
                request.name(), ConnectionStatus.ACTIVE, request.authMode(), hash, request.format(),
                request.identifier(), request.maxBodyBytes(), List.of(), null, ContactResolution.ASYNC,
                false, false, 0, now, now);
        try {
            store.insert(connection).await();
        } catch (PgException e) {
            if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
                throw ApiException.conflict("name", "A connection named '" + request.name() + "' already exists");
            }
            throw e;
        }
        JsonObject body = ConnectionJson.full(connection, ingestUrl(connection));
        if (generated != null) {
            body.put("secret", generated);
        }
        rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(body.toBuffer());
    }

    void list(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        Paging paging = Paging.of(rc);
        List<Connection> fetched = store.list(tenant.organisationId(), tenant.environment(), paging.cursor(), paging.limit() + 1).await();
        Map<String, Instant> lastRequests = history.lastRequestTimes(fetched.stream().map(Connection::id).toList()).await();
        rc.json(paging.render(fetched,
                c -> ConnectionJson.summary(c, ingestUrl(c), lastRequests.get(c.id())),
                c -> new PageCursor(c.createdAt(), c.id())));
    }

    void get(RoutingContext rc) {
        Connection connection = visible(rc);
        rc.json(ConnectionJson.full(connection, ingestUrl(connection)));
    }

    void delete(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        boolean deleted = store.markDeleted(tenant.organisationId(), tenant.environment(), rc.pathParam("id")).await();
        if (!deleted) {
            throw ApiException.notFound("Connection");
        }
        rc.response().setStatusCode(204).end();
    }

    /** The connection of the path, if this tenant may see it; otherwise 404 (never 403: ids are not confirmed). */
    Connection visible(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        return store.find(tenant.organisationId(), tenant.environment(), rc.pathParam("id")).await()
                .orElseThrow(() -> ApiException.notFound("Connection"));
    }

    private String ingestUrl(Connection c) {
        return ingestBaseUrl.get() + "/webhooks/in/" + c.id();
    }
}
