package io.hookgate.gateway.admin;

import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** Organisations and their API keys. Keys are stored as SHA-256 hashes only. */
public final class OrganisationStore {
    private static final String CREATE_ORG = """
            INSERT INTO organisations (id, name) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
            RETURNING id""";
    private static final String INSERT_KEY = """
            INSERT INTO api_keys (id, organisation_id, environment, key_hash, key_hint)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key_hash) DO NOTHING""";
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

    /** Registers a key the operator chose (e.g. {@code HOOKGATE_BOOTSTRAP_API_KEY}); a known key is left as it is. */
    public Future<Void> registerKey(String organisationId, String apiKey) {
        Environment env = Environment.ofApiKey(apiKey)
                .orElseThrow(() -> new IllegalArgumentException("API keys start with hg_test_ or hg_live_"));
        if (!ApiKeys.isWellFormed(apiKey)) {
            throw new IllegalArgumentException("API keys are hg_test_ or hg_live_ followed by 32-128 of [A-Za-z0-9_-]");
        }
        return pool.preparedQuery(INSERT_KEY)
                .execute(Tuple.of(IdKind.API_KEY.generate(), organisationId, env.name(), ApiKeys.hash(apiKey), ApiKeys.hint(apiKey)))
                .mapEmpty();
    }

    /** Creates a new key for the organisation and returns it; this is the only time it is visible. */
    public Future<String> issueKey(String organisationId, Environment env) {
        String key = ApiKeys.generate(env);
        return registerKey(organisationId, key).map(key);
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
                    return Optional.of(new Tenant(row.getString("organisation_id"), stored));
                }
            }
            return Optional.empty();
        });
    }
}
