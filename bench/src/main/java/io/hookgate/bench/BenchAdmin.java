package io.hookgate.bench;

import io.hookgate.model.IdKind;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scenarios set up: connections and endpoints through the admin API, as a user would, and — where
 * the API would take minutes (100,000 connections) — rows written straight into PostgreSQL. The bench
 * database outlives runs, so names carry the run's tag.
 */
final class BenchAdmin {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int adminPort;
    private final String apiKey;
    private final PgSettings pg;
    private final String runTag;

    BenchAdmin(int adminPort, String apiKey, PgSettings pg, String runTag) {
        this.adminPort = adminPort;
        this.apiKey = apiKey;
        this.pg = pg;
        this.runTag = runTag;
    }

    /** A connection with this auth object; the answer carries its id (and its secret, when one was generated). */
    JsonObject connection(String baseName, JsonObject auth) throws IOException, InterruptedException {
        return post("/api/v1/connections", new JsonObject().put("name", baseName + " " + runTag).put("auth", auth), 201);
    }

    /** An outbound endpoint subscribed to every event. */
    String endpoint(String url) throws IOException, InterruptedException {
        return post("/api/v1/webhooks", new JsonObject().put("url", url).put("events", new JsonArray().add("flow.*"))
                .put("description", "bench " + runTag), 201).getString("id");
    }

    private JsonObject post(String path, JsonObject body, int expected) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    String organisationOf(String connectionId) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("SELECT organisation_id FROM connections WHERE id = ?")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** {@code count} more NONE connections like {@code template} (same organisation and environment), inserted in batches. */
    List<String> cloneConnections(String template, int count) throws SQLException {
        List<String> ids = new ArrayList<>(count);
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO connections (id, organisation_id, environment, name, status, auth_mode, format)
                SELECT ?, organisation_id, environment, ?, 'ACTIVE', 'NONE', 'JSON' FROM connections WHERE id = ?""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                String id = IdKind.CONNECTION.generate();
                ids.add(id);
                ps.setString(1, id);
                ps.setString(2, "Bench clone " + id);
                ps.setString(3, template);
                ps.addBatch();
                if (i % 1000 == 999 || i == count - 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
        return ids;
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl() + (pg.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                pg.user(), pg.password());
    }
}
