package io.hookgate.dispatcher.retention;

import io.hookgate.dispatcher.TestPostgres;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention drops whole day partitions older than 30 days, judged by an injected clock. */
class RetentionTest {
    private static final PgSettings PG = TestPostgres.settings("_retention");
    /** Far in the future, so these partitions never meet real data. */
    private static final Instant NOW = Instant.parse("2031-06-15T12:00:00Z");
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        pool = TestPostgres.migratedPool(vertx, PG, 4);
    }

    @AfterAll
    static void stop() {
        await(pool.close());
        await(vertx.close());
    }

    @Test
    void dropsPartitionsOlderThanThirtyDaysAndKeepsTheRest() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        List<LocalDate> days = List.of(today.minusDays(40), today.minusDays(31), today.minusDays(30), today.minusDays(1), today, today.plusDays(3));
        for (LocalDate day : days) {
            await(pool.preparedQuery("SELECT hookgate_ensure_day_partition('request_history', $1)").execute(Tuple.of(day)));
        }
        await(pool.preparedQuery("""
                INSERT INTO request_history (record_id, received_at, request_id, connection_id, outcome, status, headers, payload, duration_ms)
                VALUES ('rec_old', $1, 'req_old', 'con_x', 'ACCEPTED', 202, '{}'::jsonb, ''::bytea, 1)
                ON CONFLICT DO NOTHING""").execute(Tuple.of(today.minusDays(40).atStartOfDay().atOffset(ZoneOffset.UTC))));

        List<String> dropped = await(new Retention(pool, Clock.fixed(NOW, ZoneOffset.UTC)).apply());

        assertThat(dropped).contains(name(today.minusDays(40)), name(today.minusDays(31)));
        assertThat(partitions()).doesNotContain(name(today.minusDays(40)), name(today.minusDays(31)))
                .contains(name(today.minusDays(30)), name(today.minusDays(1)), name(today), name(today.plusDays(3)));
    }

    @Test
    void ignoresTablesThatAreNotDayPartitions() {
        assertThat(Retention.dayOf("request_history", "request_history_default")).isNull();
        assertThat(Retention.dayOf("request_history", "request_history_2031013")).isNull();
        assertThat(Retention.dayOf("request_history", "request_history_20311301")).isNull();
        assertThat(Retention.dayOf("request_history", "request_history_20310131")).isEqualTo(LocalDate.of(2031, 1, 31));
    }

    private static String name(LocalDate day) {
        return "request_history_" + day.toString().replace("-", "");
    }

    private static List<String> partitions() {
        List<String> out = new ArrayList<>();
        for (Row row : await(pool.query("""
                SELECT child.relname FROM pg_inherits
                  JOIN pg_class parent ON pg_inherits.inhparent = parent.oid
                  JOIN pg_class child ON pg_inherits.inhrelid = child.oid
                 WHERE parent.relname = 'request_history'""").execute())) {
            out.add(row.getString(0));
        }
        return out;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
