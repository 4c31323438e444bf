package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Organisations and their API keys. Keys are stored as SHA-256 hashes only. */
public final class OrganisationStore {
    private static final String CREATE_ORG = """
            INSERT INTO organisations (id, name) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
            RETURNING id""";
    private static final String CREATE_NEW_ORG = """
            INSERT INTO organisations (id, name) VALUES ($1, $2)
            ON CONFLICT (name) DO NOTHING
            RETURNING id""";
    private static final String FIND_ORG = "SELECT id FROM organisations WHERE name = $1";
    private static final String FIND_RATE_LIMIT = "SELECT id, ingest_rate_limit_per_second FROM organisations WHERE name = $1";
    private static final String SET_RATE_LIMIT = """
            UPDATE organisations SET ingest_rate_limit_per_second = $2 WHERE name = $1
            RETURNING id, ingest_rate_limit_per_second""";
    private static final String INSERT_KEY = """
            INSERT INTO api_keys (id, organisation_id, environment, key_hash, key_hint, name)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (key_hash) DO NOTHING""";
    private static final String LIST_KEYS = """
            SELECT id, environment, key_hint, name, created_at, revoked_at, last_used_at FROM api_keys
             WHERE organisation_id = $1 AND environment = $2
               AND (created_at, id) > ($3, $4)
             ORDER BY created_at, id
             LIMIT $5""";
    private static final String REVOKE_KEY = """
            UPDATE api_keys SET revoked_at = now()
             WHERE id = $1 AND organisation_id = $2 AND environment = $3 AND revoked_at IS NULL""";
    /** At most one write a minute per key: last use is for people, not an audit log. */
    private static final String TOUCH_KEY = """
            UPDATE api_keys SET last_used_at = now()
             WHERE key_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""";
    private static final String AUTHENTICATE = """
            SELECT organisation_id, environment FROM api_keys
             WHERE key_hash = $1 AND revoked_at IS NULL""";

    private final Pool pool;

    public OrganisationStore(Pool pool) {
        this.pool = pool;
    }

    /** The id of the organisation with this name, created when missing. */
    public Future<String> ensureOrganisation(String name) {
        return pool.preparedQuery(CREATE_ORG).execute(Tuple.of(IdKind.ORGANISATION.generate(), name))
                .map(rows -> rows.iterator().next().getString("id"));
    }

    /** Creates the organisation; null when one with this name exists. */
    public Future<String> createOrganisation(String name) {
        return pool.preparedQuery(CREATE_NEW_ORG).execute(Tuple.of(IdKind.ORGANISATION.generate(), name))
                .map(rows -> rows.size() == 1 ? rows.iterator().next().getString("id") : null);
    }

    public Future<String> findOrganisation(String name) {
        return pool.preparedQuery(FIND_ORG).execute(Tuple.of(name))
                .map(rows -> rows.size() == 1 ? rows.iterator().next().getString("id") : null);
    }

    /**
     * An organisation's own ingest quota (requests a second, per gateway process), operator-only: no API key may
     * read or raise it.
     *
     * @param perSecond null = the gateways' {@code HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND}
     */
    public record RateLimit(String organisationId, Integer perSecond) {
    }

    /** The organisation's ingest quota, or null when there is no organisation of this name. */
    public Future<RateLimit> ingestRateLimit(String name) {
        return pool.preparedQuery(FIND_RATE_LIMIT).execute(Tuple.of(name)).map(OrganisationStore::rateLimit);
    }

    /**
     * Sets (or with null, clears) the organisation's ingest quota; null when there is no organisation of this
     * name. Every gateway hears of it at once (NOTIFY hookgate_organisations) and drops its cached connections.
     */
    public Future<RateLimit> setIngestRateLimit(String name, Integer perSecond) {
        return pool.preparedQuery(SET_RATE_LIMIT).execute(Tuple.of(name, perSecond)).map(OrganisationStore::rateLimit);
    }

    private static RateLimit rateLimit(io.vertx.sqlclient.RowSet<Row> rows) {
        if (rows.size() != 1) {
            return null;
        }
        Row row = rows.iterator().next();
        return new RateLimit(row.getString("id"), row.getInteger("ingest_rate_limit_per_second"));
    }

    /** Registers a key the operator chose (e.g. {@code HOOKGATE_BOOTSTRAP_API_KEY}); a known key is left as it is. */
    public Future<Void> registerKey(String organisationId, String apiKey) {
        return registerKey(organisationId, apiKey, null).mapEmpty();
    }

    /** Registers a key; returns its id (a key that was already registered keeps its row, and its id is not returned). */
    public Future<String> registerKey(String organisationId, String apiKey, String name) {
        Environment env = Environment.ofApiKey(apiKey)
                .orElseThrow(() -> new IllegalArgumentException("API keys start with hg_test_ or hg_live_"));
        if (!ApiKeys.isWellFormed(apiKey)) {
            throw new IllegalArgumentException("API keys are hg_test_ or hg_live_ followed by 32-128 of [A-Za-z0-9_-]");
        }
        String id = IdKind.API_KEY.generate();
        return pool.preparedQuery(INSERT_KEY)
                .execute(Tuple.of(id, organisationId, env.name(), ApiKeys.hash(apiKey), ApiKeys.hint(apiKey), name))
                .map(rows -> rows.rowCount() == 1 ? id : null);
    }

    /** Creates a new key for the organisation and returns it; this is the only time it is visible. */
    public Future<IssuedKey> issueKey(String organisationId, Environment env, String name) {
        String key = ApiKeys.generate(env);
        return registerKey(organisationId, key, name).map(id -> new IssuedKey(id, key));
    }

    /** A key as created: its id and the key itself, which is never shown again. */
    public record IssuedKey(String id, String key) {
    }

    /** A key as listed: never the key, only its last four characters. */
    public record KeyInfo(String id, Environment environment, String hint, String name, Instant createdAt,
                          Instant revokedAt, Instant lastUsedAt) {
    }

    public Future<List<KeyInfo>> listKeys(Tenant tenant, PageCursor after, int limit) {
        return pool.preparedQuery(LIST_KEYS).execute(Tuple.of(tenant.organisationId(), tenant.environment().name(),
                after == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : after.createdAt().atOffset(ZoneOffset.UTC),
                after == null ? "" : after.id(), limit)).map(rows -> {
            List<KeyInfo> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new KeyInfo(row.getString("id"), Environment.valueOf(row.getString("environment")),
                        row.getString("key_hint"), row.getString("name"), instant(row, "created_at"),
                        instant(row, "revoked_at"), instant(row, "last_used_at")));
            }
            return out;
        });
    }

    public Future<Boolean> revokeKey(Tenant tenant, String keyId) {
        return pool.preparedQuery(REVOKE_KEY).execute(Tuple.of(keyId, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Instant instant(Row row, String column) {
        var time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    public Future<Optional<Tenant>> authenticate(String apiKey) {
        if (!ApiKeys.isWellFormed(apiKey)) {
            return Future.succeededFuture(Optional.empty());
        }
        Environment presented = Environment.ofApiKey(apiKey).orElseThrow();
        return pool.preparedQuery(AUTHENTICATE).execute(Tuple.of(ApiKeys.hash(apiKey))).map(rows -> {
            for (Row row : rows) {
                Environment stored = Environment.valueOf(row.getString("environment"));
                if (stored == presented) {
                    pool.preparedQuery(TOUCH_KEY).execute(Tuple.of(ApiKeys.hash(apiKey)));
                    return Optional.of(new Tenant(row.getString("organisation_id"), stored));
                }
            }
            return Optional.empty();
        });
    }
}
