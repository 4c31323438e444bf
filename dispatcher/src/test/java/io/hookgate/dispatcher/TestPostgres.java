package io.hookgate.dispatcher;

import io.hookgate.model.db.PgSettings;
import io.hookgate.model.db.SchemaMigrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The dispatcher tests' own migrated database: {@code -Dhookgate.test.database} (default hookgate_unit) + a suffix per test class. */
public final class TestPostgres {
    private TestPostgres() {
    }

    public static PgSettings settings(String suffix) {
        return PgSettings.fromEnv(System.getenv()).withDatabase(System.getProperty("hookgate.test.database", "hookgate_unit") + suffix);
    }

    /** Migrates the database, then pools connections to it. */
    public static Pool migratedPool(Vertx vertx, PgSettings pg, int maxSize) {
        SchemaMigrator.migrate(pg);
        PgConnectOptions options = new PgConnectOptions().setHost(pg.host()).setPort(pg.port()).setUser(pg.user()).setDatabase(pg.database());
        if (pg.password() != null) {
            options.setPassword(pg.password());
        }
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize)).connectingTo(options).using(vertx).build();
    }
}
