package io.hookgate.gateway.connection;

import io.hookgate.model.concurrent.Coalescer;
import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Environment;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for {@code connections} and their {@code connection_credentials}. Every method returns a future. */
public final class ConnectionStore {
    private static final String COLUMNS = """
            c.id, c.organisation_id, c.environment, c.name, c.status, c.auth_mode, c.auth_settings, c.format,
            c.identifier_type, c.identifier_path, c.identifier_channel, c.max_body_bytes, c.allowed_ips,
            c.rate_limit_per_second, c.contact_resolution, c.create_missing_contacts, c.require_trigger,
            c.schema_version, c.capture_until, c.created_at, c.updated_at""";

    /** Credentials newest first, as parallel arrays (one row per connection). */
    private static final String WITH_CREDENTIALS = """
            , cr.ids, cr.purposes, cr.kinds, cr.vals, cr.created, cr.expiries,
              tr.trigger_ids, tr.trigger_flows, tr.trigger_actions, tr.trigger_paths
             FROM connections c
             LEFT JOIN LATERAL (
                 SELECT array_agg(id ORDER BY created_at DESC) AS ids,
                        array_agg(purpose ORDER BY created_at DESC) AS purposes,
                        array_agg(kind ORDER BY created_at DESC) AS kinds,
                        array_agg(value ORDER BY created_at DESC) AS vals,
                        array_agg(created_at ORDER BY created_at DESC) AS created,
                        array_agg(expires_at ORDER BY created_at DESC) AS expiries
                   FROM connection_credentials WHERE connection_id = c.id) cr ON true
             LEFT JOIN LATERAL (
                 SELECT array_agg(id ORDER BY created_at) AS trigger_ids,
                        array_agg(flow_id ORDER BY created_at) AS trigger_flows,
                        array_agg(action ORDER BY created_at) AS trigger_actions,
                        array_agg(coalesce(correlation_path, '') ORDER BY created_at) AS trigger_paths
                   FROM triggers WHERE connection_id = c.id AND deleted_at IS NULL) tr ON true
            """;

    /** With the organisation's ingest quota override, which the gateway caches along with the connection. */
    private static final String FIND_FOR_INGEST = "SELECT " + COLUMNS
            + ", o.ingest_rate_limit_per_second AS organisation_rate_limit" + WITH_CREDENTIALS
            + " JOIN organisations o ON o.id = c.organisation_id WHERE c.id = ANY($1)";
    /** Cache misses that arrive while loads are in flight go together as the next load. */
    private static final int MAX_LOAD_BATCH = 128;
    private static final int MAX_LOADS_IN_FLIGHT = 2;

    private static final String FIND_VISIBLE = "SELECT " + COLUMNS + WITH_CREDENTIALS + """
             WHERE c.id = $1 AND c.organisation_id = $2 AND c.environment = $3 AND c.status <> 'DELETED'""";

    private static final String LIST_PAGE = "SELECT " + COLUMNS + WITH_CREDENTIALS + """
             WHERE c.organisation_id = $1 AND c.environment = $2 AND c.status <> 'DELETED'
               AND (c.created_at, c.id) > ($3, $4)
             ORDER BY c.created_at, c.id
             LIMIT $5""";

    private static final String INSERT = """
            INSERT INTO connections (id, organisation_id, environment, name, status, auth_mode, auth_settings, format,
                identifier_type, identifier_path, identifier_channel, max_body_bytes, allowed_ips,
                rate_limit_per_second, contact_resolution, create_missing_contacts, require_trigger,
                schema_version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)""";

    private static final String INSERT_CREDENTIAL = """
            INSERT INTO connection_credentials (id, connection_id, purpose, kind, value, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /** Old credentials of the purpose stop at the grace deadline (or keep an earlier deadline they already had). */
    private static final String EXPIRE_CREDENTIALS = """
            UPDATE connection_credentials SET expires_at = $3
             WHERE connection_id = $1 AND purpose = $2 AND (expires_at IS NULL OR expires_at > $3)""";

    /** Credentials that ran out a day ago are of no use to anyone. */
    private static final String PRUNE_CREDENTIALS = """
            DELETE FROM connection_credentials WHERE connection_id = $1 AND expires_at < $2""";

    private static final String UPDATE = """
            UPDATE connections SET name = $4, auth_settings = $5, identifier_type = $6, identifier_path = $7,
                   identifier_channel = $8, max_body_bytes = $9, updated_at = $10, allowed_ips = $11,
                   rate_limit_per_second = $12, require_trigger = $13
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final String TOUCH = """
            UPDATE connections SET updated_at = $4
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final String SET_STATUS = """
            UPDATE connections SET status = $4, updated_at = $5
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final String MARK_DELETED = """
            UPDATE connections SET status = 'DELETED', deleted_at = $4, updated_at = $4
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final Pool pool;
    private final Coalescer<String, Optional<ForIngest>> loads = new Coalescer<>(MAX_LOAD_BATCH, MAX_LOADS_IN_FLIGHT, this::findAllForIngest);

    public ConnectionStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The connection with this id in any status, with all its credentials and its organisation's ingest quota
     * override, for the ingest cache. Misses that arrive while loads are in flight share the next statement: a
     * gateway meeting many connections it has not cached (a cold start, more connections than the cache holds)
     * pays one round trip per batch, not per request.
     */
    public Future<Optional<ForIngest>> findForIngest(String id) {
        return loads.submit(id);
    }

    private Future<List<Optional<ForIngest>>> findAllForIngest(List<String> ids) {
        return pool.preparedQuery(FIND_FOR_INGEST).execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))).map(rows -> {
            Map<String, ForIngest> found = new HashMap<>();
            for (Row row : rows) {
                found.put(row.getString("id"), new ForIngest(map(row), row.getInteger("organisation_rate_limit")));
            }
            return ids.stream().map(id -> Optional.ofNullable(found.get(id))).toList();
        });
    }

    /**
     * A connection as the ingest cache loads it.
     *
     * @param organisationRateLimit the organisation's own quota (requests a second per gateway), null = the default
     */
    public record ForIngest(Connection connection, Integer organisationRateLimit) {
    }

    /** The connection if it belongs to this organisation and environment and is not deleted. */
    public Future<Optional<Connection>> find(String organisationId, Environment env, String id) {
        return pool.preparedQuery(FIND_VISIBLE).execute(Tuple.of(id, organisationId, env.name()))
                .map(ConnectionStore::first);
    }

    /** Inserts the connection and its credentials in one transaction; a taken name fails with sqlstate 23505. */
    public Future<Connection> insert(Connection c) {
        Connection.Identifier ident = c.identifier();
        Tuple params = Tuple.tuple()
                .addString(c.id())
                .addString(c.organisationId())
                .addString(c.environment().name())
                .addString(c.name())
                .addString(c.status().name())
                .addString(c.authMode().name())
                .addJsonObject(c.authSettings().toJson())
                .addString(c.format().name())
                .addString(ident == null ? null : ident.type().name())
                .addString(ident == null ? null : ident.path())
                .addString(ident == null ? null : ident.channel())
                .addInteger(c.maxBodyBytes())
                .addArrayOfString(c.allowedIps().toArray(String[]::new))
                .addInteger(c.rateLimitPerSecond())
                .addString(c.contactResolution().name())
                .addBoolean(c.createMissingContacts())
                .addBoolean(c.requireTrigger())
                .addInteger(c.schemaVersion())
                .addOffsetDateTime(utc(c.createdAt()))
                .addOffsetDateTime(utc(c.updatedAt()));
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(params)
                .compose(v -> insertCredentials(tx, c.id(), c.credentials()))).map(c);
    }

    /**
     * Adds a new credential; the current ones of its purpose stay valid until {@code graceUntil}
     * ({@code now} for an immediate switch). Returns false when the connection is not visible.
     */
    public Future<Boolean> rotate(String organisationId, Environment env, String connectionId, Credential fresh,
                                  Instant now, Instant graceUntil) {
        return pool.withTransaction(tx -> tx.preparedQuery(TOUCH)
                .execute(Tuple.of(connectionId, organisationId, env.name(), utc(now)))
                .compose(touched -> {
                    if (touched.rowCount() != 1) {
                        return Future.succeededFuture(false);
                    }
                    return tx.preparedQuery(EXPIRE_CREDENTIALS)
                            .execute(Tuple.of(connectionId, fresh.purpose().name(), utc(graceUntil)))
                            .compose(v -> tx.preparedQuery(PRUNE_CREDENTIALS).execute(Tuple.of(connectionId, utc(now.minusSeconds(86_400)))))
                            .compose(v -> insertCredentials(tx, connectionId, List.of(fresh)))
                            .map(true);
                }));
    }

    /** One page in creation order, after the given position (null for the first page). */
    public Future<List<Connection>> list(String organisationId, Environment env, PageCursor after, int limit) {
        OffsetDateTime afterTime = after == null ? BEGINNING : utc(after.createdAt());
        String afterId = after == null ? "" : after.id();
        return pool.preparedQuery(LIST_PAGE)
                .execute(Tuple.of(organisationId, env.name(), afterTime, afterId, limit))
                .map(rows -> {
                    List<Connection> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(map(row)));
                    return out;
                });
    }

    /** Saves the editable fields; false when the connection is not visible. A taken name fails with 23505. */
    public Future<Boolean> update(Connection c) {
        Connection.Identifier ident = c.identifier();
        Tuple params = Tuple.tuple()
                .addString(c.id()).addString(c.organisationId()).addString(c.environment().name())
                .addString(c.name())
                .addJsonObject(c.authSettings().toJson())
                .addString(ident == null ? null : ident.type().name())
                .addString(ident == null ? null : ident.path())
                .addString(ident == null ? null : ident.channel())
                .addInteger(c.maxBodyBytes())
                .addOffsetDateTime(utc(c.updatedAt()))
                .addArrayOfString(c.allowedIps().toArray(String[]::new))
                .addInteger(c.rateLimitPerSecond())
                .addBoolean(c.requireTrigger());
        return pool.preparedQuery(UPDATE).execute(params).map(rows -> rows.rowCount() == 1);
    }

    /** Pauses or resumes; false when the connection is not visible. */
    public Future<Boolean> setStatus(String organisationId, Environment env, String id, ConnectionStatus status, Instant now) {
        return pool.preparedQuery(SET_STATUS).execute(Tuple.of(id, organisationId, env.name(), status.name(), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Future<Boolean> markDeleted(String organisationId, Environment env, String id, Instant now) {
        return pool.preparedQuery(MARK_DELETED).execute(Tuple.of(id, organisationId, env.name(), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Future<Void> insertCredentials(SqlClient tx, String connectionId, List<Credential> credentials) {
        if (credentials.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = new ArrayList<>(credentials.size());
        for (Credential c : credentials) {
            rows.add(Tuple.of(c.id(), connectionId, c.purpose().name(), c.kind().name(), Buffer.buffer(c.value()),
                    utc(c.createdAt()), utc(c.expiresAt())));
        }
        return tx.preparedQuery(INSERT_CREDENTIAL).executeBatch(rows).mapEmpty();
    }

    private static Optional<Connection> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    static Connection map(Row row) {
        String identType = row.getString("identifier_type");
        String[] ips = row.getArrayOfStrings("allowed_ips");
        Object settings = row.getValue("auth_settings");
        return new Connection(
                row.getString("id"),
                row.getString("organisation_id"),
                Environment.valueOf(row.getString("environment")),
                row.getString("name"),
                ConnectionStatus.valueOf(row.getString("status")),
                AuthMode.valueOf(row.getString("auth_mode")),
                AuthSettings.fromJson(settings instanceof JsonObject o ? o : null),
                credentials(row),
                PayloadFormat.valueOf(row.getString("format")),
                identType == null ? null : new Connection.Identifier(IdentifierType.valueOf(identType),
                        row.getString("identifier_path"), row.getString("identifier_channel")),
                row.getInteger("max_body_bytes"),
                ips == null ? List.of() : List.of(ips),
                row.getInteger("rate_limit_per_second"),
                ContactResolution.valueOf(row.getString("contact_resolution")),
                row.getBoolean("create_missing_contacts"),
                row.getBoolean("require_trigger"),
                row.getInteger("schema_version"),
                instant(row.getOffsetDateTime("capture_until")),
                triggers(row),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    private static List<Credential> credentials(Row row) {
        String[] ids = row.getArrayOfStrings("ids");
        if (ids == null) {
            return List.of();
        }
        String[] purposes = row.getArrayOfStrings("purposes");
        String[] kinds = row.getArrayOfStrings("kinds");
        Buffer[] values = row.getArrayOfBuffers("vals");
        OffsetDateTime[] created = row.getArrayOfOffsetDateTimes("created");
        OffsetDateTime[] expiries = row.getArrayOfOffsetDateTimes("expiries");
        List<Credential> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.add(new Credential(ids[i], Credential.Purpose.valueOf(purposes[i]), Credential.Kind.valueOf(kinds[i]),
                    values[i].getBytes(), created[i].toInstant(), expiries[i] == null ? null : expiries[i].toInstant()));
        }
        return out;
    }

    private static List<TriggerRef> triggers(Row row) {
        String[] ids = row.getArrayOfStrings("trigger_ids");
        if (ids == null) {
            return List.of();
        }
        String[] flows = row.getArrayOfStrings("trigger_flows");
        String[] actions = row.getArrayOfStrings("trigger_actions");
        String[] paths = row.getArrayOfStrings("trigger_paths");
        List<TriggerRef> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.add(new TriggerRef(ids[i], flows[i], TriggerRef.Action.valueOf(actions[i]), paths[i].isEmpty() ? null : paths[i]));
        }
        return out;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
