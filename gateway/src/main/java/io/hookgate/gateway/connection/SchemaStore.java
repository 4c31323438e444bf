package io.hookgate.gateway.connection;

import io.hookgate.model.payload.Schemas;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.hookgate.model.text.StoredText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Capture windows and the schemas they produce (a new version per sample). */
public final class SchemaStore {
    private static final String OPEN_CAPTURE = """
            UPDATE connections SET capture_until = $4, updated_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";
    /**
     * Takes the sample: bumps the version, closes the window (only while it is open, when {@code $4} is true),
     * and stores the fields — one statement, so two samples arriving together cannot both win.
     */
    private static final String STORE = """
            WITH bumped AS (
                UPDATE connections SET schema_version = schema_version + 1, capture_until = NULL, updated_at = now()
                 WHERE id = $1 AND status <> 'DELETED' AND (NOT $4 OR capture_until > now())
                RETURNING id, schema_version)
            INSERT INTO connection_schemas (connection_id, version, fields, sample)
            SELECT id, schema_version, $2, $3 FROM bumped
            RETURNING version""";
    private static final String LATEST = """
            SELECT s.version, s.fields FROM connection_schemas s JOIN connections c ON c.id = s.connection_id
             WHERE s.connection_id = $1 AND c.organisation_id = $2 AND c.environment = $3
             ORDER BY s.version DESC LIMIT 1""";

    private final Pool pool;

    public SchemaStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Boolean> openCapture(String organisationId, String environment, String connectionId, Instant until) {
        return pool.preparedQuery(OPEN_CAPTURE).execute(Tuple.of(connectionId, organisationId, environment, until.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The new version, or empty when the window had closed (another sample won) or the connection is gone. */
    public Future<Optional<Integer>> store(String connectionId, List<Schemas.Field> fields, byte[] sample, boolean onlyWhileCapturing) {
        return pool.preparedQuery(STORE).execute(Tuple.of(connectionId, json(fields), Buffer.buffer(sample), onlyWhileCapturing))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getInteger("version")));
    }

    public Future<JsonObject> latest(String organisationId, String environment, String connectionId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(connectionId, organisationId, environment)).map(rows -> {
            if (rows.size() == 0) {
                return new JsonObject().put("version", 0).put("fields", new JsonArray());
            }
            var row = rows.iterator().next();
            Object fields = row.getValue("fields");
            return new JsonObject().put("version", row.getInteger("version")).put("fields", fields instanceof JsonArray a ? a : new JsonArray());
        });
    }

    public static JsonArray json(List<Schemas.Field> fields) {
        JsonArray out = new JsonArray();
        // Paths are payload keys, so the sender's text: jsonb refuses NUL in them.
        fields.forEach(f -> out.add(new JsonObject().put("path", StoredText.forPostgres(f.path())).put("type", f.type()).put("required", f.required())));
        return out;
    }
}
