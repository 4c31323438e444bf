package io.hookgate.deploy.support;

import io.hookgate.gateway.admin.ApiKeys;
import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.db.PgSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tests' own PostgreSQL database (created and migrated by Hookgate itself at start), plus the few
 * direct reads and writes tests need: tenants, and rows the API cannot show (unknown connections).
 */
public final class TestDatabase {
    /** {@code -Dhookgate.test.database=…} gives a checkout its own database, so parallel checkouts cannot disturb each other. */
    public static final String NAME = System.getProperty("hookgate.test.database", "hookgate_test_deploy");

    private TestDatabase() {
    }

    public static PgSettings settings() {
        return PgSettings.fromEnv(System.getenv()).withDatabase(NAME);
    }

    /** A fresh organisation with one API key per environment. */
    public static Tenant newTenant() {
        String orgId = IdKind.ORGANISATION.generate();
        String testKey = ApiKeys.generate(Environment.TEST);
        String liveKey = ApiKeys.generate(Environment.LIVE);
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO organisations (id, name) VALUES (?, ?)")) {
                ps.setString(1, orgId);
                ps.setString(2, "test-" + orgId);
                ps.executeUpdate();
            }
            insertKey(c, orgId, Environment.TEST, testKey);
            insertKey(c, orgId, Environment.LIVE, liveKey);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Tenant(orgId, testKey, liveKey);
    }

    /** An organisation and its keys, as tests use them. */
    public record Tenant(String organisationId, String testKey, String liveKey) {
    }

    /** History rows of one request id, straight from the table: outcome, status, reason, organisation. */
    public static List<Map<String, Object>> historyRows(String requestId) {
        String sql = "SELECT record_id, outcome, status, reason, organisation_id, connection_id FROM request_history WHERE request_id = ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    row.put("recordId", rs.getString("record_id"));
                    row.put("outcome", rs.getString("outcome"));
                    row.put("status", rs.getInt("status"));
                    row.put("reason", rs.getString("reason"));
                    row.put("organisationId", rs.getString("organisation_id"));
                    row.put("connectionId", rs.getString("connection_id"));
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Runs one statement with positional parameters; returns the rows it changed. For states no API can produce. */
    public static int execute(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query with positional parameters, as a number (for count queries). */
    public static long count(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long countHistory(List<String> requestIds) {
        String sql = "SELECT count(*) FROM request_history WHERE request_id = ANY(?)";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long countDistinctHistory(List<String> requestIds) {
        String sql = "SELECT count(DISTINCT request_id) FROM request_history WHERE request_id = ANY(?)";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertKey(Connection c, String orgId, Environment env, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (id, organisation_id, environment, key_hash, key_hint) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, IdKind.API_KEY.generate());
            ps.setString(2, orgId);
            ps.setString(3, env.name());
            ps.setBytes(4, ApiKeys.hash(key));
            ps.setString(5, ApiKeys.hint(key));
            ps.executeUpdate();
        }
    }

    private static Connection connect() throws SQLException {
        PgSettings pg = settings();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
