package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.IdKind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of outbound endpoints, their secrets, deliveries and attempts; always tenant-scoped. */
public final class WebhookStore {
    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime END = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String COLUMNS = "id, url, environment, events, description, active, auth_token IS NOT NULL AS has_token, "
            + "basic_auth IS NOT NULL AS has_basic, header_names, max_attempts, disabled_reason, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO webhook_endpoints (id, organisation_id, environment, url, description, events, active, auth_token, max_attempts,
                                           basic_auth, extra_headers, header_names)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
    private static final String INSERT_SECRET = """
            INSERT INTO webhook_endpoint_secrets (id, endpoint_id, secret) VALUES ($1, $2, $3)""";
    private static final String FIND = "SELECT " + COLUMNS
            + " FROM webhook_endpoints WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND deleted_at IS NULL";
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM webhook_endpoints WHERE organisation_id = $1 AND environment = $2 AND deleted_at IS NULL"
            + " AND (created_at, id::text) > ($3, $4) ORDER BY created_at, id LIMIT $5";
    private static final String UPDATE = """
            UPDATE webhook_endpoints SET url = $4, description = $5, events = $6, active = $7,
                   auth_token = CASE WHEN $8 THEN $9 ELSE auth_token END, max_attempts = $10,
                   basic_auth = CASE WHEN $11 THEN $12 ELSE basic_auth END,
                   extra_headers = CASE WHEN $13 THEN $14 ELSE extra_headers END,
                   header_names = CASE WHEN $13 THEN $15 ELSE header_names END,
                   disabled_reason = CASE WHEN $7 THEN NULL ELSE disabled_reason END,
                   failing_since = CASE WHEN $7 THEN NULL ELSE failing_since END, updated_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND deleted_at IS NULL""";
    private static final String DELETE = """
            UPDATE webhook_endpoints SET deleted_at = now(), active = false, updated_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND deleted_at IS NULL""";
    private static final String EXPIRE_SECRETS = """
            UPDATE webhook_endpoint_secrets SET expires_at = $2 WHERE endpoint_id = $1 AND (expires_at IS NULL OR expires_at > $2)""";
    private static final String ATTEMPTS = """
            SELECT a.id, a.attempted_at, a.delivery_id, a.attempt, a.request_headers, a.status, a.response_excerpt, a.latency_ms,
                   a.error, d.event_id, d.event_type, d.status AS delivery_status
              FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
             WHERE a.endpoint_id = $1 AND (a.attempted_at, a.id) < ($2, $3)
             ORDER BY a.attempted_at DESC, a.id DESC LIMIT $4""";
    private static final String RETRY = """
            UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND status = 'FAILED'
               AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = endpoint_id AND e.deleted_at IS NULL AND e.active)""";
    private static final String DELIVERY_STATE = """
            SELECT d.status, e.active FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE d.id = $1 AND d.organisation_id = $2 AND d.environment = $3 AND e.deleted_at IS NULL""";

    private final Pool pool;

    public WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /** A row as the API shows it, with its page position. */
    public record Item(JsonObject json, PageCursor position) {
    }

    /** An endpoint's sealed credentials (each may be null) and the names of its custom headers. */
    public record Auth(byte[] sealedToken, byte[] sealedBasic, byte[] sealedHeaders, List<String> headerNames) {
    }

    /** What a PATCH changes: each {@code set…} flag says whether that credential is replaced (by null = removed). */
    public record AuthChange(boolean setToken, byte[] sealedToken, boolean setBasic, byte[] sealedBasic, boolean setHeaders,
                             byte[] sealedHeaders, List<String> headerNames) {
    }

    public Future<JsonObject> create(Tenant tenant, UUID id, String url, String description, List<String> events, boolean active,
                                     Auth auth, Integer maxAttempts, byte[] sealedSecret) {
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(Tuple.tuple().addUUID(id).addString(tenant.organisationId())
                        .addString(tenant.environment().name()).addString(url).addString(description)
                        .addArrayOfString(events.toArray(String[]::new)).addBoolean(active)
                        .addBuffer(buffer(auth.sealedToken())).addInteger(maxAttempts).addBuffer(buffer(auth.sealedBasic()))
                        .addBuffer(buffer(auth.sealedHeaders())).addArrayOfString(auth.headerNames().toArray(String[]::new)))
                .compose(v -> tx.preparedQuery(INSERT_SECRET).execute(Tuple.of(IdKind.CREDENTIAL.generate(), id, Buffer.buffer(sealedSecret))))
                .compose(v -> tx.preparedQuery(FIND).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name()))))
                .map(rows -> json(rows.iterator().next()).json());
    }

    public Future<Optional<JsonObject>> find(Tenant tenant, UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next()).json()));
    }

    public Future<List<Item>> list(Tenant tenant, PageCursor after, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant.organisationId(), tenant.environment().name(),
                after == null ? BEGINNING : after.createdAt().atOffset(ZoneOffset.UTC), after == null ? "" : after.id(), limit)).map(rows -> {
            List<Item> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    public Future<Boolean> update(Tenant tenant, UUID id, String url, String description, List<String> events, boolean active,
                                  AuthChange auth, Integer maxAttempts) {
        return pool.preparedQuery(UPDATE).execute(Tuple.tuple().addUUID(id).addString(tenant.organisationId())
                .addString(tenant.environment().name()).addString(url).addString(description).addArrayOfString(events.toArray(String[]::new))
                .addBoolean(active).addBoolean(auth.setToken()).addBuffer(buffer(auth.sealedToken()))
                .addInteger(maxAttempts).addBoolean(auth.setBasic()).addBuffer(buffer(auth.sealedBasic()))
                .addBoolean(auth.setHeaders()).addBuffer(buffer(auth.sealedHeaders()))
                .addArrayOfString(auth.headerNames().toArray(String[]::new))).map(rows -> rows.rowCount() == 1);
    }

    private static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }

    public Future<Boolean> delete(Tenant tenant, UUID id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Adds a secret; the current ones stay valid until {@code graceUntil} (deliveries then carry both signatures). */
    public Future<Void> rotate(UUID id, byte[] sealedSecret, Instant graceUntil) {
        return pool.withTransaction(tx -> tx.preparedQuery(EXPIRE_SECRETS).execute(Tuple.of(id, graceUntil.atOffset(ZoneOffset.UTC)))
                .compose(v -> tx.preparedQuery(INSERT_SECRET).execute(Tuple.of(IdKind.CREDENTIAL.generate(), id, Buffer.buffer(sealedSecret)))))
                .mapEmpty();
    }

    public Future<List<Item>> attempts(UUID endpointId, PageCursor before, int limit) {
        return pool.preparedQuery(ATTEMPTS).execute(Tuple.of(endpointId,
                before == null ? END : before.createdAt().atOffset(ZoneOffset.UTC), before == null ? "" : before.id(), limit)).map(rows -> {
            List<Item> out = new ArrayList<>();
            for (Row r : rows) {
                Instant at = r.getOffsetDateTime("attempted_at").toInstant();
                Object headers = r.getValue("request_headers");
                out.add(new Item(new JsonObject().put("id", r.getString("id")).put("delivery_id", r.getUUID("delivery_id").toString())
                        .put("event_id", r.getString("event_id")).put("event_type", r.getString("event_type"))
                        .put("attempt", r.getInteger("attempt")).put("attempted_at", at.toString())
                        .put("request_headers", headers instanceof JsonObject o ? o : new JsonObject())
                        .put("response_status", r.getInteger("status")).put("response_excerpt", r.getString("response_excerpt"))
                        .put("latency_ms", r.getInteger("latency_ms")).put("error", r.getString("error"))
                        .put("delivery_status", r.getString("delivery_status")), new PageCursor(at, r.getString("id"))));
            }
            return out;
        });
    }

    /** What a manual retry came to. */
    public enum RetryResult { QUEUED, NOT_FOUND, NOT_FAILED, ENDPOINT_INACTIVE }

    /** Re-queues a failed delivery of an active endpoint of this tenant. */
    public Future<RetryResult> retry(Tenant tenant, UUID deliveryId) {
        Tuple params = Tuple.of(deliveryId, tenant.organisationId(), tenant.environment().name());
        return pool.preparedQuery(RETRY).execute(params).compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(RetryResult.QUEUED)
                : pool.preparedQuery(DELIVERY_STATE).execute(params).map(r -> {
                    if (r.size() == 0) {
                        return RetryResult.NOT_FOUND;
                    }
                    Row row = r.iterator().next();
                    return !"FAILED".equals(row.getString("status")) ? RetryResult.NOT_FAILED : RetryResult.ENDPOINT_INACTIVE;
                }));
    }

    private static Item json(Row r) {
        Instant created = r.getOffsetDateTime("created_at").toInstant();
        JsonObject json = new JsonObject().put("id", r.getUUID("id").toString()).put("url", r.getString("url"))
                .put("environment", r.getString("environment").toLowerCase(java.util.Locale.ROOT))
                .put("events", new io.vertx.core.json.JsonArray(List.of(r.getArrayOfStrings("events"))))
                .put("description", r.getString("description")).put("active", r.getBoolean("active"))
                .put("auth_token_configured", r.getBoolean("has_token")).put("basic_auth_configured", r.getBoolean("has_basic"))
                .put("header_names", new io.vertx.core.json.JsonArray(List.of(r.getArrayOfStrings("header_names"))))
                .put("webhook_version", "v1")
                .put("max_retries", r.getInteger("max_attempts") == null ? null : r.getInteger("max_attempts") - 1)
                .put("disabled_reason", r.getString("disabled_reason"))
                .put("created_at", created.toString()).put("updated_at", r.getOffsetDateTime("updated_at").toInstant().toString());
        return new Item(json, new PageCursor(created, r.getUUID("id").toString()));
    }
}
