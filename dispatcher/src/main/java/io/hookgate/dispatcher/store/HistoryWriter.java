package io.hookgate.dispatcher.store;

import io.hookgate.dispatcher.flows.Annotation;
import io.hookgate.dispatcher.flows.FlowProcessor;
import io.hookgate.model.event.IngestRecord;
import io.hookgate.model.text.StoredText;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes history rows. Idempotent: a record delivered twice (a redelivery after a crash between the
 * database commit and the offset commit) leaves exactly one row, because its id is the primary key.
 */
public final class HistoryWriter {
    private static final String INSERT = """
            INSERT INTO request_history (record_id, received_at, request_id, connection_id, organisation_id,
                                         environment, outcome, status, reason, content_type, headers, payload,
                                         event_id, duration_ms, contact_id, flow_run_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (record_id, received_at) DO NOTHING""";
    private static final String ENSURE_PARTITION = "SELECT hookgate_ensure_day_partition('request_history', $1)";
    /** Live tails on every admin instance learn of new rows from this channel, on commit only. */
    public static final String CHANNEL = "hookgate_history";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";
    /** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
    static final int MAX_NOTIFY_PAYLOAD = 7000;

    private final Pool pool;
    private final FlowProcessor flows;
    private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();

    public HistoryWriter(Pool pool, FlowProcessor flows) {
        this.pool = pool;
        this.flows = flows;
    }

    /**
     * Acts on the accepted records (contacts, flow runs, their commands and events) and inserts every
     * row, all in one transaction; completes after the commit.
     */
    public Future<Void> write(List<IngestRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        Set<LocalDate> days = new TreeSet<>();
        for (IngestRecord r : records) {
            days.add(LocalDate.ofInstant(r.receivedAt(), ZoneOffset.UTC));
        }
        List<Tuple> notifications = notifications(records);
        return ensurePartitions(days)
                .compose(v -> pool.withTransaction(conn -> flows.process(conn, records)
                        .compose(annotations -> conn.preparedQuery(INSERT).executeBatch(rows(records, annotations)))
                        .compose(inserted -> notifications.isEmpty() ? Future.succeededFuture()
                                : conn.preparedQuery(NOTIFY).executeBatch(notifications).mapEmpty())))
                .mapEmpty();
    }

    /**
     * {@code connectionId receivedAt recordId} lines, one per row, packed into payloads under the NOTIFY limit.
     * A redelivered record notifies again; tails ignore rows they already sent.
     */
    static List<Tuple> notifications(List<IngestRecord> records) {
        List<Tuple> out = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (IngestRecord r : records) {
            if (r.organisationId() == null) {
                continue; // no connection, so no tenant could be tailing it
            }
            String line = r.connectionId() + " " + r.receivedAt() + " " + r.recordId();
            if (payload.length() + line.length() + 1 > MAX_NOTIFY_PAYLOAD) {
                out.add(Tuple.of(payload.toString()));
                payload.setLength(0);
            }
            if (!payload.isEmpty()) {
                payload.append('\n');
            }
            payload.append(line);
        }
        if (!payload.isEmpty()) {
            out.add(Tuple.of(payload.toString()));
        }
        return out;
    }

    /** Creates the daily partitions for these days unless this writer already knows they exist. */
    public Future<Void> ensurePartitions(Set<LocalDate> days) {
        List<Tuple> missing = new ArrayList<>();
        for (LocalDate day : days) {
            if (!knownDays.contains(day)) {
                missing.add(Tuple.of(day));
            }
        }
        if (missing.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery(ENSURE_PARTITION).executeBatch(missing)
                .onSuccess(rs -> missing.forEach(t -> knownDays.add(t.getLocalDate(0))))
                .mapEmpty();
    }

    private static List<Tuple> rows(List<IngestRecord> records, Map<String, Annotation> annotations) {
        List<Tuple> rows = new ArrayList<>(records.size());
        for (IngestRecord r : records) {
            rows.add(tuple(r, annotations.getOrDefault(r.recordId(), Annotation.NONE)));
        }
        return rows;
    }

    /** Every text a sender controls goes through {@link StoredText}/{@link PgSafe}: Postgres refuses NUL. */
    private static Tuple tuple(IngestRecord r, Annotation a) {
        JsonObject headers = new JsonObject();
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            headers.put(h.getKey(), new JsonArray(new ArrayList<>(h.getValue())));
        }
        return Tuple.tuple()
                .addString(r.recordId())
                .addOffsetDateTime(r.receivedAt().atOffset(ZoneOffset.UTC))
                .addString(StoredText.forPostgres(r.requestId()))
                .addString(StoredText.forPostgres(r.connectionId()))
                .addString(r.organisationId())
                .addString(r.environment() == null ? null : r.environment().name())
                .addString((a.outcome() != null ? a.outcome() : r.outcome()).name())
                .addInteger(r.outcome().httpStatus())
                .addString(StoredText.forPostgres(a.reason() != null ? a.reason() : r.reason()))
                .addString(StoredText.forPostgres(r.contentType()))
                .addJsonObject(PgSafe.json(headers))
                .addBuffer(Buffer.buffer(r.payload()))
                .addString(StoredText.forPostgres(r.eventId()))
                .addInteger((int) Math.min(Integer.MAX_VALUE, r.durationMs()))
                .addString(a.contactId())
                .addArrayOfString(a.runIds().toArray(String[]::new));
    }
}
