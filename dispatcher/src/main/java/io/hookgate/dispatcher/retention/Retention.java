package io.hookgate.dispatcher.retention;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps 30 days: history tables are partitioned by UTC day and whole partitions older than the window
 * are dropped (never a row-by-row DELETE over history); the small dedup table is trimmed by time.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    public static final Duration WINDOW = Duration.ofDays(30);
    /** Parent tables partitioned by day with hookgate_ensure_day_partition (name suffix _YYYYMMDD). */
    static final Set<String> PARTITIONED = Set.of("request_history", "webhook_attempts");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static final String PARTITIONS = """
            SELECT child.relname AS name
              FROM pg_inherits
              JOIN pg_class parent ON pg_inherits.inhparent = parent.oid
              JOIN pg_class child ON pg_inherits.inhrelid = child.oid
             WHERE parent.relname = $1""";
    private static final String TRIM_PROCESSED = "DELETE FROM processed_events WHERE processed_at < $1";
    /** Finished outbound deliveries go with their attempt log's partitions; pending ones are never trimmed. */
    private static final String TRIM_DELIVERIES = "DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND updated_at < $1";

    private final Pool pool;
    private final Clock clock;

    public Retention(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Drops expired partitions and trims the dedup table; returns the partitions dropped. */
    public Future<List<String>> apply() {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant().minus(WINDOW), ZoneOffset.UTC);
        List<Future<List<String>>> drops = new ArrayList<>();
        for (String parent : PARTITIONED) {
            drops.add(dropBefore(parent, oldestKept));
        }
        return Future.all(drops).compose(all -> {
            List<String> dropped = new ArrayList<>();
            drops.forEach(f -> dropped.addAll(f.result()));
            Tuple cutoff = Tuple.of(clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC));
            return pool.preparedQuery(TRIM_PROCESSED).execute(cutoff)
                    .compose(v -> pool.preparedQuery(TRIM_DELIVERIES).execute(cutoff))
                    .map(dropped);
        });
    }

    private Future<List<String>> dropBefore(String parent, LocalDate oldestKept) {
        return pool.preparedQuery(PARTITIONS).execute(Tuple.of(parent)).compose(rows -> {
            List<String> expired = new ArrayList<>();
            for (Row row : rows) {
                String name = row.getString("name");
                LocalDate day = dayOf(parent, name);
                if (day != null && day.isBefore(oldestKept)) {
                    expired.add(name);
                }
            }
            Future<Void> chain = Future.succeededFuture();
            for (String name : expired) {
                // Names come from pg_class and match parent_YYYYMMDD exactly (checked in dayOf): safe to quote.
                chain = chain.compose(v -> pool.query("DROP TABLE IF EXISTS \"" + name + "\"").execute().mapEmpty());
            }
            return chain.map(v -> {
                if (!expired.isEmpty()) {
                    LOG.info("Retention dropped {} partitions of {} older than {}", expired.size(), parent, oldestKept);
                }
                return expired;
            });
        });
    }

    /** The day of a partition named {@code parent_YYYYMMDD}, or null for anything else. */
    static LocalDate dayOf(String parent, String partition) {
        String prefix = parent + "_";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 8) {
            return null;
        }
        try {
            return LocalDate.parse(partition.substring(prefix.length()), SUFFIX);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
