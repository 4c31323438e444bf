package io.hookgate.model.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several processes starting at once against a database that does not exist yet (a first rollout of
 * gateways and dispatchers): every one of them must find the database, whichever created it.
 * PostgreSQL reports the loser of that race as 42P04 or as 23505 on pg_database's name index.
 */
class SchemaMigratorRaceTest {
    private static final int PROCESSES = 6;
    private static final int ROUNDS = 5;
    private static final PgSettings PG = PgSettings.fromEnv(System.getenv())
            .withDatabase(System.getProperty("hookgate.test.database", "hookgate_test_model") + "_race");

    @Test
    void concurrentFirstStartsAllFindTheDatabase() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PROCESSES)) {
            for (int round = 0; round < ROUNDS; round++) {
                dropDatabase();
                CyclicBarrier start = new CyclicBarrier(PROCESSES);
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < PROCESSES; i++) {
                    starts.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        SchemaMigrator.createDatabaseIfMissing(PG);
                        return null;
                    }));
                }
                for (Future<?> f : starts) {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
        }
        assertThat(failures).as("processes that could not find the database").isEmpty();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG.withDatabase("postgres").jdbcUrl(), PG.user(), PG.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + PG.database() + "\" WITH (FORCE)");
        }
    }
}
