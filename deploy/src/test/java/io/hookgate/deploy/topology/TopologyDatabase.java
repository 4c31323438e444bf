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
public final class TopologyDatabase {
    private static final String HISTORY_ROWS = """
            SELECT request_id, count(*) FROM request_history WHERE request_id = ANY(?) GROUP BY request_id""";
    private static final String FLOW_RUNS = """
            SELECT h.request_id, count(*) FROM request_history h JOIN flow_runs r ON r.started_by = h.record_id
             WHERE h.request_id = ANY(?) GROUP BY h.request_id""";

    private final PgSettings pg;

    /** A database of this name on the server the {@code PG*} variables name. */
    public TopologyDatabase(String name) {
        this(PgSettings.fromEnv(System.getenv()).withDatabase(name));
    }

    /** A database on any server, e.g. a throwaway cluster the test runs itself. */
    public TopologyDatabase(PgSettings pg) {
        this.pg = pg;
    }

    public String name() {
        return pg.database();
    }

    /** The {@code PG*} variables that point a process at this database. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", pg.host(), "PGPORT", Integer.toString(pg.port()),
                "PGUSER", pg.user(), "PGDATABASE", pg.database()));
        if (pg.password() != null) {
            env.put("PGPASSWORD", pg.password());
        }
        return env;
    }

    public void drop() {
        try (Connection c = connect(pg.withDatabase("postgres")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + pg.database() + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + pg, e);
        }
    }

    /** How many history rows each of these request ids has; ids without a row are absent. */
    public Map<String, Long> historyRows(List<String> requestIds) {
        return countByRequestId(HISTORY_ROWS, requestIds);
    }

    /** How many flow runs the webhooks of each of these request ids started; ids that started none are absent. */
    public Map<String, Long> flowRuns(List<String> requestIds) {
        return countByRequestId(FLOW_RUNS, requestIds);
    }

    private Map<String, Long> countByRequestId(String sql, List<String> requestIds) {
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
