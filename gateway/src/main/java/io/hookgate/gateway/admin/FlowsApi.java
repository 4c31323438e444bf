package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.payload.Payload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Flows, the triggers that bind them to connections, their runs, and failed triggers. */
final class FlowsApi {
    private static final Set<String> ACTIONS = Set.of("START", "RESUME");
    private static final Set<String> RUN_STATUSES = Set.of("ACTIVE", "COMPLETED", "FAILED");
    private final FlowStore flows;
    private final ConnectionsApi connections;

    FlowsApi(FlowStore flows, ConnectionsApi connections) {
        this.flows = flows;
        this.connections = connections;
    }

    void create(RoutingContext rc) {
        String name = JsonFields.requiredString(JsonFields.body(rc), "name", "name").trim();
        if (name.isEmpty() || name.length() > 100) {
            throw ApiException.validation("name", "name must be 1-100 characters");
        }
        try {
            JsonObject flow = flows.createFlow(Tenant.of(rc), name).await();
            rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(flow.toBuffer());
        } catch (PgException e) {
            if ("23505".equals(e.getSqlState())) {
                throw ApiException.conflict("name", "A flow named '" + name + "' already exists");
            }
            throw e;
        }
    }

    void list(RoutingContext rc) {
        Paging paging = Paging.of(rc);
        rc.json(paging.render(flows.listFlows(Tenant.of(rc), paging.cursor(), paging.limit() + 1).await(),
                FlowStore.Item::json, FlowStore.Item::position));
    }

    void get(RoutingContext rc) {
        rc.json(visibleFlow(rc, rc.pathParam("id")));
    }

    void runs(RoutingContext rc) {
        JsonObject flow = visibleFlow(rc, rc.pathParam("id"));
        Paging paging = Paging.of(rc);
        String status = rc.queryParams().get("status");
        if (status != null && !RUN_STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            throw ApiException.validation("status", "status must be one of " + RUN_STATUSES);
        }
        rc.json(paging.render(flows.listRuns(Tenant.of(rc), flow.getString("id"), status == null ? null : status.toUpperCase(Locale.ROOT),
                paging.cursor(), paging.limit() + 1).await(), FlowStore.Item::json, FlowStore.Item::position));
    }

    void failedTriggers(RoutingContext rc) {
        Paging paging = Paging.of(rc);
        rc.json(paging.render(flows.listFailed(Tenant.of(rc), rc.queryParams().get("connectionId"), paging.cursor(), paging.limit() + 1).await(),
                FlowStore.Item::json, FlowStore.Item::position));
    }

    void bind(RoutingContext rc) {
        Connection connection = connections.visible(rc);
        JsonObject body = JsonFields.body(rc);
        String flowId = JsonFields.requiredString(body, "flowId", "flowId");
        String action = JsonFields.requiredString(body, "action", "action").toUpperCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            throw ApiException.validation("action", "action must be START or RESUME");
        }
        String path = JsonFields.string(body, "correlationPath", "correlationPath");
        if (action.equals("RESUME") && (path == null || path.isBlank())) {
            throw ApiException.validation("correlationPath", "a RESUME trigger needs the correlationPath of its value");
        }
        if (path != null) {
            path = path.trim();
            try {
                if (path.length() > 512) {
                    throw new IllegalArgumentException("is longer than 512 characters");
                }
                Payload.validatePath(connection.format(), path);
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("correlationPath", "correlationPath " + e.getMessage());
            }
        }
        visibleFlow(rc, flowId);
        Optional<JsonObject> trigger = flows.createTrigger(connection.id(), flowId, action, path).await();
        JsonObject created = trigger.orElseThrow(() -> ApiException.conflict("flowId", "this flow is already bound to the connection with " + action));
        rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(created.toBuffer());
    }

    void triggers(RoutingContext rc) {
        Connection connection = connections.visible(rc);
        List<JsonObject> list = flows.listTriggers(connection.id()).await();
        rc.json(new JsonObject().put("data", new JsonArray(list)).putNull("nextCursor"));
    }

    void unbind(RoutingContext rc) {
        if (!flows.deleteTrigger(Tenant.of(rc), rc.pathParam("id")).await()) {
            throw ApiException.notFound("Trigger");
        }
        rc.response().setStatusCode(204).end();
    }

    private JsonObject visibleFlow(RoutingContext rc, String id) {
        return flows.findFlow(Tenant.of(rc), id).await().orElseThrow(() -> ApiException.notFound("Flow"));
    }
}
