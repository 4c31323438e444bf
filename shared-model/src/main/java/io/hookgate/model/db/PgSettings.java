package io.hookgate.model.db;

import java.util.Map;
import java.util.Objects;

/**
 * Where PostgreSQL is, from the standard {@code PG*} variables (defaults {@code 127.0.0.1:5432}, user
 * {@code postgres}, database {@code hookgate}). {@link #toString()} never shows the password.
 */
public record PgSettings(String host, int port, String user, String password, String database) {

    public PgSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PGPORT must be 1-65535, was " + port);
        }
        if (!database.matches("[A-Za-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("PGDATABASE must be letters, digits or _ (1-63 chars)");
        }
    }

    public static PgSettings fromEnv(Map<String, String> env) {
        String port = env.getOrDefault("PGPORT", "5432");
        try {
            return new PgSettings(
                    env.getOrDefault("PGHOST", "127.0.0.1"),
                    Integer.parseInt(port.trim()),
                    env.getOrDefault("PGUSER", "postgres"),
                    env.get("PGPASSWORD"),
                    env.getOrDefault("PGDATABASE", "hookgate"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PGPORT must be a number, was '" + port + "'");
        }
    }

    public PgSettings withDatabase(String name) {
        return new PgSettings(host, port, user, password, name);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PgSettings[" + user + "@" + host + ":" + port + "/" + database
                + (password == null ? "" : ", password=***") + "]";
    }
}
