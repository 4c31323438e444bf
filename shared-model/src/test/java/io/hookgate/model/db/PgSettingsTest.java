package io.hookgate.model.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgSettingsTest {

    @Test
    void defaultsAreLocalPostgresAndTheHookgateDatabase() {
        PgSettings pg = PgSettings.fromEnv(Map.of());

        assertThat(pg).isEqualTo(new PgSettings("127.0.0.1", 5432, "postgres", null, "hookgate"));
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/hookgate");
    }

    @Test
    void readsTheStandardPgVariables() {
        PgSettings pg = PgSettings.fromEnv(Map.of("PGHOST", "db.internal", "PGPORT", " 6432 ", "PGUSER", "hook",
                "PGPASSWORD", "s3cret", "PGDATABASE", "hookgate_test_unit"));

        assertThat(pg).isEqualTo(new PgSettings("db.internal", 6432, "hook", "s3cret", "hookgate_test_unit"));
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/hookgate_test_unit");
    }

    @Test
    void toStringNeverShowsThePassword() {
        PgSettings pg = PgSettings.fromEnv(Map.of("PGPASSWORD", "s3cret"));

        assertThat(pg.toString()).doesNotContain("s3cret").contains("password=***").contains("postgres@127.0.0.1:5432/hookgate");
        assertThat(PgSettings.fromEnv(Map.of()).toString()).doesNotContain("password");
    }

    @Test
    void withDatabaseKeepsEverythingElse() {
        PgSettings pg = PgSettings.fromEnv(Map.of("PGPASSWORD", "pw")).withDatabase("postgres");

        assertThat(pg).isEqualTo(new PgSettings("127.0.0.1", 5432, "postgres", "pw", "postgres"));
    }

    @ParameterizedTest(name = "PGPORT=''{0}''")
    @ValueSource(strings = {"abc", "", "54 32", "5432.0"})
    void aPortThatIsNotANumberIsRefusedNamingPgport(String port) {
        assertThatThrownBy(() -> PgSettings.fromEnv(Map.of("PGPORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PGPORT must be a number, was '" + port + "'");
    }

    @ParameterizedTest(name = "PGPORT={0}")
    @ValueSource(strings = {"0", "-1", "65536"})
    void aPortOutOfRangeIsRefusedNamingPgport(String port) {
        assertThatThrownBy(() -> PgSettings.fromEnv(Map.of("PGPORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PGPORT must be 1-65535");
    }

    @ParameterizedTest(name = "PGDATABASE=''{0}''")
    @ValueSource(strings = {"", "hook-gate", "hook gate", "db;drop", "\"quoted\"", "ä"})
    void aDatabaseNameThatCouldNeedQuotingIsRefused(String name) {
        assertThatThrownBy(() -> PgSettings.fromEnv(Map.of("PGDATABASE", name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PGDATABASE");
    }

    @Test
    void databaseNamesAreAtMost63Characters() {
        assertThat(PgSettings.fromEnv(Map.of("PGDATABASE", "d".repeat(63))).database()).hasSize(63);
        assertThatThrownBy(() -> PgSettings.fromEnv(Map.of("PGDATABASE", "d".repeat(64)))).hasMessageStartingWith("PGDATABASE");
    }
}
