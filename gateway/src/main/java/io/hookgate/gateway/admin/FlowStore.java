package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.IdKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** SQL of flows, their triggers on connections, their runs and failed triggers; always tenant-scoped. */
public final class FlowStore {
    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime END = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final String INSERT_FLOW = """
            INSERT INTO flows (id, organisation_id, environment, name) VALUES ($1, $2, $3, $4) RETURNING created_at""";
    private static final String FIND_FLOW = """
            SELECT id, name, created_at FROM flows WHERE id = $1 AND organisation_id = $2 AND environment = $3""";
    private static final String LIST_FLOWS = """
            SELECT id, name, created_at FROM flows
             WHERE organisation_id = $1 AND environment = $2 AND (created_at, id) > ($3, $4)
             ORDER BY created_at, id LIMIT $5""";
    private static final String INSERT_TRIGGER = """
            INSERT INTO triggers (id, connection_id, flow_id, action, correlation_path)
            SELECT $1, $2, $3, $4, $5
             WHERE NOT EXISTS (SELECT 1 FROM triggers WHERE connection_id = $2 AND flow_id = $3 AND action = $4 AND deleted_at IS NULL)
            RETURNING created_at""";
    private static final String TRIGGER_COLUMNS = "t.id, t.connection_id, t.flow_id, t.action, t.correlation_path, t.created_at";
    private static final String LIST_TRIGGERS = "SELECT " + TRIGGER_COLUMNS
            + " FROM triggers t WHERE t.connection_id = $1 AND t.deleted_at IS NULL ORDER BY t.created_at, t.id";
    private static final String DELETE_TRIGGER = """
            UPDATE triggers t SET deleted_at = now()
              FROM connections c
             WHERE t.id = $1 AND t.deleted_at IS NULL AND c.id = t.connection_id
               AND c.organisation_id = $2 AND c.environment = $3""";
    private static final String FLOWS_COUNT = """
            SELECT connection_id, count(DISTINCT flow_id) AS n FROM triggers
             WHERE connection_id = ANY($1) AND deleted_at IS NULL GROUP BY connection_id""";
    private static final String LIST_RUNS = """
            SELECT id, flow_id, status, contact_id, connection_id, correlation_value, variables, resumed_count, created_at, updated_at
              FROM flow_runs
             WHERE flow_id = $1 AND organisation_id = $2 AND environment = $3 AND ($4::text IS NULL OR status = $4)
               AND (created_at, id) < ($5, $6)
             ORDER BY created_at DESC, id DESC LIMIT $7""";
    private static final String LIST_FAILED = """
            SELECT id, connection_id, trigger_id, flow_id, request_id, reason, correlation_value, created_at
              FROM failed_triggers
             WHERE organisation_id = $1 AND environment = $2 AND ($3::text IS NULL OR connection_id = $3)
               AND (created_at, id) < ($4, $5)
             ORDER BY created_at DESC, id DESC LIMIT $6""";

    private final Pool pool;

    public FlowStore(Pool pool) {
        this.pool = pool;
    }

    /** A row of any of these tables as the API shows it, with its page position. */
    public record Item(JsonObject json, PageCursor position) {
    }

    public Future<JsonObject> createFlow(Tenant tenant, String name) {
        String id = IdKind.FLOW.generate();
        return pool.preparedQuery(INSERT_FLOW).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name(), name))
                .map(rows -> new JsonObject().put("id", id).put("name", name)
                        .put("createdAt", rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString()));
    }

    public Future<Optional<JsonObject>> findFlow(Tenant tenant, String id) {
        return pool.preparedQuery(FIND_FLOW).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(flow(rows.iterator().next()).json()));
    }

    public Future<List<Item>> listFlows(Tenant tenant, PageCursor after, int limit) {
        return pool.preparedQuery(LIST_FLOWS).execute(Tuple.of(tenant.organisationId(), tenant.environment().name(),
                after == null ? BEGINNING : utc(after.createdAt()), after == null ? "" : after.id(), limit)).map(rows -> all(rows, FlowStore::flow));
    }

    /** The new trigger, or empty when the same flow is already bound with the same action. */
    public Future<Optional<JsonObject>> createTrigger(String connectionId, String flowId, String action, String correlationPath) {
        String id = IdKind.TRIGGER.generate();
        return pool.preparedQuery(INSERT_TRIGGER).execute(Tuple.of(id, connectionId, flowId, action, correlationPath))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new JsonObject().put("id", id)
                        .put("connectionId", connectionId).put("flowId", flowId).put("action", action)
                        .put("correlationPath", correlationPath)
                        .put("createdAt", rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString())));
    }

    public Future<List<JsonObject>> listTriggers(String connectionId) {
        return pool.preparedQuery(LIST_TRIGGERS).execute(Tuple.of(connectionId))
                .map(rows -> all(rows, FlowStore::trigger).stream().map(Item::json).toList());
    }

    public Future<Boolean> deleteTrigger(Tenant tenant, String id) {
        return pool.preparedQuery(DELETE_TRIGGER).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Future<Map<String, Integer>> flowsCount(List<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery(FLOWS_COUNT).execute(Tuple.of(connectionIds.toArray(String[]::new))).map(rows -> {
            Map<String, Integer> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("connection_id"), r.getLong("n").intValue()));
            return out;
        });
    }

    public Future<List<Item>> listRuns(Tenant tenant, String flowId, String status, PageCursor before, int limit) {
        return pool.preparedQuery(LIST_RUNS).execute(Tuple.tuple().addString(flowId).addString(tenant.organisationId())
                .addString(tenant.environment().name()).addString(status)
                .addOffsetDateTime(before == null ? END : utc(before.createdAt())).addString(before == null ? "" : before.id())
                .addInteger(limit)).map(rows -> all(rows, FlowStore::run));
    }

    public Future<List<Item>> listFailed(Tenant tenant, String connectionId, PageCursor before, int limit) {
        return pool.preparedQuery(LIST_FAILED).execute(Tuple.tuple().addString(tenant.organisationId())
                .addString(tenant.environment().name()).addString(connectionId)
                .addOffsetDateTime(before == null ? END : utc(before.createdAt())).addString(before == null ? "" : before.id())
                .addInteger(limit)).map(rows -> all(rows, FlowStore::failed));
    }

    private static Item flow(Row r) {
        Instant created = r.getOffsetDateTime("created_at").toInstant();
        return new Item(new JsonObject().put("id", r.getString("id")).put("name", r.getString("name")).put("createdAt", created.toString()),
                new PageCursor(created, r.getString("id")));
    }

    private static Item trigger(Row r) {
        Instant created = r.getOffsetDateTime("created_at").toInstant();
        return new Item(new JsonObject().put("id", r.getString("id")).put("connectionId", r.getString("connection_id"))
                .put("flowId", r.getString("flow_id")).put("action", r.getString("action"))
                .put("correlationPath", r.getString("correlation_path")).put("createdAt", created.toString()),
                new PageCursor(created, r.getString("id")));
    }

    private static Item run(Row r) {
        Instant created = r.getOffsetDateTime("created_at").toInstant();
        Object variables = r.getValue("variables");
        return new Item(new JsonObject().put("id", r.getString("id")).put("flowId", r.getString("flow_id"))
                .put("status", r.getString("status")).put("contactId", r.getString("contact_id"))
                .put("connectionId", r.getString("connection_id")).put("correlationValue", r.getString("correlation_value"))
                .put("variables", variables instanceof JsonObject o ? o : new JsonObject())
                .put("resumedCount", r.getInteger("resumed_count")).put("createdAt", created.toString())
                .put("updatedAt", r.getOffsetDateTime("updated_at").toInstant().toString()),
                new PageCursor(created, r.getString("id")));
    }

    private static Item failed(Row r) {
        Instant created = r.getOffsetDateTime("created_at").toInstant();
        return new Item(new JsonObject().put("id", r.getString("id")).put("connectionId", r.getString("connection_id"))
                .put("triggerId", r.getString("trigger_id")).put("flowId", r.getString("flow_id"))
                .put("requestId", r.getString("request_id")).put("reason", r.getString("reason"))
                .put("correlationValue", r.getString("correlation_value")).put("createdAt", created.toString()),
                new PageCursor(created, r.getString("id")));
    }

    private static List<Item> all(RowSet<Row> rows, Function<Row, Item> map) {
        List<Item> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(map.apply(r)));
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
