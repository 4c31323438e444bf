package io.hookgate.model.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Brings a database to the current schema: creates it when missing, then applies the Flyway migrations
 * under {@code db/migration}. Blocking (JDBC): call it from a worker thread, never an event loop.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String DUPLICATE_DATABASE = "42P04";
    /** What the loser of two concurrent CREATE DATABASE gets when both passed the catalog check: pg_database's name index. */
    private static final String UNIQUE_VIOLATION = "23505";

    private SchemaMigrator() {
    }

    public static MigrateResult migrate(PgSettings pg) {
        createDatabaseIfMissing(pg);
        Flyway flyway = Flyway.configure()
                .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("Database {} at schema version {} ({} migrations applied now)",
                pg.database(), flyway.info().current().getVersion(), result.migrationsExecuted);
        return result;
    }

    static void createDatabaseIfMissing(PgSettings pg) {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        if (pg.password() != null) {
            props.setProperty("password", pg.password());
        }
        try (Connection c = DriverManager.getConnection(pg.withDatabase("postgres").jdbcUrl(), props)) {
            if (exists(c, pg.database())) {
                return;
            }
            try (Statement s = c.createStatement()) {
                // The name is validated by PgSettings ([A-Za-z0-9_]), so quoting it is safe.
                s.execute("CREATE DATABASE \"" + pg.database() + "\"");
                LOG.info("Created database {}", pg.database());
            } catch (SQLException e) {
                // Another process starting at the same moment created it first: it exists, which is all we need.
                if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach PostgreSQL at " + pg + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
