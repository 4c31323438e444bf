package io.hookgate.dispatcher.flows;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the {@link ConnectionContext}s of one batch's connections in a single query. */
final class ConnectionContexts {
    private static final String LOAD = """
            SELECT c.id, c.organisation_id, c.environment, c.format, c.identifier_type, c.identifier_path, c.identifier_channel,
                   c.create_missing_contacts,
                   coalesce((SELECT json_agg(json_build_array(t.id, t.flow_id, t.action, t.correlation_path) ORDER BY t.created_at)
                               FROM triggers t WHERE t.connection_id = c.id AND t.deleted_at IS NULL), '[]'::json) AS triggers,
                   (SELECT s.fields FROM connection_schemas s WHERE s.connection_id = c.id ORDER BY s.version DESC LIMIT 1) AS fields
              FROM connections c
             WHERE c.id = ANY($1)""";

    private ConnectionContexts() {
    }

    static Future<Map<String, ConnectionContext>> load(SqlClient client, Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return client.preparedQuery(LOAD).execute(Tuple.of(connectionIds.toArray(String[]::new))).map(rows -> {
            Map<String, ConnectionContext> out = new HashMap<>();
            for (Row row : rows) {
                out.put(row.getString("id"), map(row));
            }
            return out;
        });
    }

    private static ConnectionContext map(Row row) {
        List<ConnectionContext.Trigger> triggers = new ArrayList<>();
        Object raw = row.getValue("triggers");
        if (raw instanceof JsonArray array) {
            for (Object item : array) {
                JsonArray t = (JsonArray) item;
                triggers.add(new ConnectionContext.Trigger(t.getString(0), t.getString(1), t.getString(2), t.getString(3)));
            }
        }
        List<String> paths = new ArrayList<>();
        Object fields = row.getValue("fields");
        if (fields instanceof JsonArray array) {
            for (Object f : array) {
                if (f instanceof io.vertx.core.json.JsonObject field && field.getString("path") != null) {
                    paths.add(field.getString("path"));
                }
            }
        }
        return new ConnectionContext(row.getString("id"), row.getString("organisation_id"), row.getString("environment"),
                io.hookgate.model.PayloadFormat.valueOf(row.getString("format")),
                row.getString("identifier_type"), row.getString("identifier_path"), row.getString("identifier_channel"),
                Boolean.TRUE.equals(row.getBoolean("create_missing_contacts")), triggers, paths);
    }
}
