package io.hookgate.deploy.topology;

import io.hookgate.model.db.PgSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The database the topology's processes share. It is dropped before they start, so every run also proves
 * that processes starting together create and migrate a missing database.
 */
final class TopologyDatabase {
    private final PgSettings pg;

    TopologyDatabase(String name) {
        this.pg = PgSettings.fromEnv(System.getenv()).withDatabase(name);
    }

    String name() {
        return pg.database();
    }

    void drop() {
        try (Connection c = connect(pg.withDatabase("postgres")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + pg.database() + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + pg, e);
        }
    }

    /** How many history rows each of these request ids has; ids without a row are absent. */
    Map<String, Long> historyRows(List<String> requestIds) {
        String sql = "SELECT request_id, count(*) FROM request_history WHERE request_id = ANY(?) GROUP BY request_id";
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = connect(pg); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Connection connect(PgSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }
}
