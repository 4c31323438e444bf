package io.hookgate.gateway.connection;

import io.hookgate.model.AuthMode;
import io.hookgate.model.ConnectionStatus;
import io.hookgate.model.ContactResolution;
import io.hookgate.model.Environment;
import io.hookgate.model.IdentifierType;
import io.hookgate.model.PayloadFormat;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import io.hookgate.gateway.common.PageCursor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the {@code connections} table. Every method returns a future; none blocks. */
public final class ConnectionStore {
    private static final String COLUMNS = """
            id, organisation_id, environment, name, status, auth_mode, secret_hash, format,
            identifier_type, identifier_path, identifier_channel, max_body_bytes, allowed_ips,
            rate_limit_per_second, contact_resolution, create_missing_contacts, require_trigger,
            schema_version, created_at, updated_at""";

    private static final String FIND_ANY = "SELECT " + COLUMNS + " FROM connections WHERE id = $1";

    private static final String FIND_VISIBLE = "SELECT " + COLUMNS + """
             FROM connections
            WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final String INSERT = "INSERT INTO connections (" + COLUMNS + """
            ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)""";

    private static final String LIST_PAGE = "SELECT " + COLUMNS + """
             FROM connections
            WHERE organisation_id = $1 AND environment = $2 AND status <> 'DELETED'
              AND (created_at, id) > ($3, $4)
            ORDER BY created_at, id
            LIMIT $5""";

    private static final String MARK_DELETED = """
            UPDATE connections SET status = 'DELETED', deleted_at = now(), updated_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status <> 'DELETED'""";

    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final Pool pool;

    public ConnectionStore(Pool pool) {
        this.pool = pool;
    }

    /** The connection with this id in any status, for the ingest cache. */
    public Future<Optional<Connection>> findAny(String id) {
        return pool.preparedQuery(FIND_ANY).execute(Tuple.of(id)).map(ConnectionStore::first);
    }

    /** The connection if it belongs to this organisation and environment and is not deleted. */
    public Future<Optional<Connection>> find(String organisationId, Environment env, String id) {
        return pool.preparedQuery(FIND_VISIBLE).execute(Tuple.of(id, organisationId, env.name()))
                .map(ConnectionStore::first);
    }

    /** Inserts the connection; fails with a {@code 23505} database error when the name is taken. */
    public Future<Connection> insert(Connection c) {
        Connection.Identifier ident = c.identifier();
        Tuple params = Tuple.tuple()
                .addString(c.id())
                .addString(c.organisationId())
                .addString(c.environment().name())
                .addString(c.name())
                .addString(c.status().name())
                .addString(c.authMode().name())
                .addString(c.secretHash())
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
        return pool.preparedQuery(INSERT).execute(params).map(c);
    }

    /** One page in creation order, after the given position (null for the first page). */
    public Future<List<Connection>> list(String organisationId, Environment env, PageCursor after, int limit) {
        OffsetDateTime afterTime = after == null ? BEGINNING : utc(after.createdAt());
        String afterId = after == null ? "" : after.id();
        return pool.preparedQuery(LIST_PAGE)
                .execute(Tuple.of(organisationId, env.name(), afterTime, afterId, limit))
                .map(ConnectionStore::all);
    }

    public Future<Boolean> markDeleted(String organisationId, Environment env, String id) {
        return pool.preparedQuery(MARK_DELETED).execute(Tuple.of(id, organisationId, env.name()))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Optional<Connection> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    private static List<Connection> all(RowSet<Row> rows) {
        List<Connection> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(map(row)));
        return out;
    }

    static Connection map(Row row) {
        String identType = row.getString("identifier_type");
        String[] ips = row.getArrayOfStrings("allowed_ips");
        return new Connection(
                row.getString("id"),
                row.getString("organisation_id"),
                Environment.valueOf(row.getString("environment")),
                row.getString("name"),
                ConnectionStatus.valueOf(row.getString("status")),
                AuthMode.valueOf(row.getString("auth_mode")),
                row.getString("secret_hash"),
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
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
