package io.hookgate.deploy;

import io.hookgate.gateway.admin.OrganisationStore;
import io.hookgate.model.Environment;
import io.hookgate.model.db.PgSettings;
import io.hookgate.model.db.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Operator commands of the runnable jar, for the first keys of an organisation (before any key exists to
 * call the API with):
 * <pre>
 *   java -jar hookgate.jar create-organisation "Acme"        → {"organisationId", "testKey", "liveKey"}
 *   java -jar hookgate.jar create-api-key "Acme" test|live   → {"organisationId", "environment", "key"}
 *   java -jar hookgate.jar organisation-rate-limit "Acme" [N|default]   (see {@link RateLimitCli})
 * </pre>
 * Keys are printed once; only their hashes are stored. PostgreSQL comes from the usual PG* variables.
 */
final class Cli {
    private Cli() {
    }

    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("create-organisation") || args[0].equals("create-api-key")
                || args[0].equals(RateLimitCli.COMMAND));
    }

    /** Runs the command; returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args[0].equals(RateLimitCli.COMMAND)) {
            return rateLimit(args, env, out, err);
        }
        boolean organisation = args[0].equals("create-organisation");
        if ((organisation && args.length != 2) || (!organisation && args.length != 3)) {
            err.println("usage: create-organisation NAME | create-api-key ORGANISATION test|live");
            return 2;
        }
        String name = args[1].trim();
        if (name.isEmpty() || name.length() > 100) {
            err.println("hookgate: organisation names are 1-100 characters");
            return 2;
        }
        Environment env2 = null;
        if (!organisation) {
            try {
                env2 = Environment.valueOf(args[2].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("hookgate: environment must be test or live");
                return 2;
            }
        }
        PgSettings pg = PgSettings.fromEnv(env);
        SchemaMigrator.migrate(pg);
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(Hookgate.pgOptions(pg)).using(vertx).build();
        try {
            OrganisationStore organisations = new OrganisationStore(pool);
            if (organisation) {
                String orgId = await(organisations.createOrganisation(name));
                if (orgId == null) {
                    err.println("hookgate: an organisation named '" + name + "' exists; use create-api-key");
                    return 1;
                }
                OrganisationStore.IssuedKey test = await(organisations.issueKey(orgId, Environment.TEST, "created by CLI"));
                OrganisationStore.IssuedKey live = await(organisations.issueKey(orgId, Environment.LIVE, "created by CLI"));
                out.println(new JsonObject().put("organisationId", orgId).put("testKey", test.key()).put("liveKey", live.key()).encode());
            } else {
                String orgId = await(organisations.findOrganisation(name));
                if (orgId == null) {
                    err.println("hookgate: no organisation named '" + name + "'");
                    return 1;
                }
                OrganisationStore.IssuedKey key = await(organisations.issueKey(orgId, env2, "created by CLI"));
                out.println(new JsonObject().put("organisationId", orgId).put("environment", env2.wireName())
                        .put("key", key.key()).encode());
            }
            return 0;
        } finally {
            await(pool.close());
            await(vertx.close());
        }
    }

    private static int rateLimit(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Integer setting = args.length == 3 ? RateLimitCli.parse(args[2].trim()) : null;
        if (args.length < 2 || args.length > 3 || (args.length == 3 && setting == null)) {
            err.println(RateLimitCli.USAGE);
            return 2;
        }
        PgSettings pg = PgSettings.fromEnv(env);
        SchemaMigrator.migrate(pg);
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(Hookgate.pgOptions(pg)).using(vertx).build();
        try {
            return RateLimitCli.run(new OrganisationStore(pool), args[1].trim(), setting, out, err);
        } finally {
            await(pool.close());
            await(vertx.close());
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }
}
