package io.hookgate.deploy;

import io.hookgate.deploy.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection settings every pool of the running product uses, against PostgreSQL. */
class PgConnectionSettingsTest {
    @Test
    void aStatementIsPreparedOncePerConnectionEvenALongOneAndEachExecutionIsStillPlannedForItsParameters() throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(Hookgate.pgOptions(TestDatabase.settings()))
                .using(vertx).build();
        try {
            String shortSql = "SELECT $1::int + 1 AS n";
            // Longer than the driver's default limit (2,048 characters), like the delivery claim.
            String longSql = "SELECT $1::int + 2 AS n /*" + "x".repeat(4_000) + "*/";
            for (int i = 0; i < 3; i++) {
                assertThat(one(pool, shortSql, i).getInteger("n")).isEqualTo(i + 1);
                assertThat(one(pool, longSql, i).getInteger("n")).isEqualTo(i + 2);
            }

            Row session = pool.preparedQuery("""
                    SELECT current_setting('plan_cache_mode') AS mode,
                           (SELECT count(*) FROM pg_prepared_statements WHERE statement = $1) AS short_kept,
                           (SELECT count(*) FROM pg_prepared_statements WHERE statement = $2) AS long_kept""")
                    .execute(Tuple.of(shortSql, longSql)).await(10, TimeUnit.SECONDS).iterator().next();
            assertThat(session.getString("mode")).as("no generic plan, kept while the tables it was made for grow")
                    .isEqualTo("force_custom_plan");
            assertThat(session.getLong("short_kept")).as("prepared once on the pool's one connection").isEqualTo(1);
            assertThat(session.getLong("long_kept")).isEqualTo(1);
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Row one(Pool pool, String sql, int n) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.of(n)).await(10, TimeUnit.SECONDS).iterator().next();
    }
}
