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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
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
    /**
     * The whole batch in one statement, one array per column, with its notifications ($17, on channel $18): a
     * row per statement costs Postgres an executor start each. A row's flow runs travel as one comma-joined
     * text (ids are generated, comma-free), because unnest would flatten an array of arrays. Notifications are
     * delivered on commit only.
     */
    private static final String INSERT = """
            WITH inserted AS (
            INSERT INTO request_history (record_id, received_at, request_id, connection_id, organisation_id,
                                         environment, outcome, status, reason, content_type, headers, payload,
                                         event_id, duration_ms, contact_id, flow_run_ids)
            SELECT u.record_id, u.received_at, u.request_id, u.connection_id, u.organisation_id, u.environment, u.outcome,
                   u.status, u.reason, u.content_type, u.headers, u.payload, u.event_id, u.duration_ms, u.contact_id,
                   CASE WHEN u.runs = '' THEN '{}'::text[] ELSE string_to_array(u.runs, ',') END
              FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::smallint[], $9::text[], $10::text[], $11::jsonb[], $12::bytea[], $13::text[], $14::int[],
                          $15::text[], $16::text[])
                AS u(record_id, received_at, request_id, connection_id, organisation_id, environment, outcome, status, reason,
                     content_type, headers, payload, event_id, duration_ms, contact_id, runs)
            ON CONFLICT (record_id, received_at) DO NOTHING)
            SELECT pg_notify($18, n) FROM unnest($17::text[]) AS n""";
    private static final String ENSURE_PARTITION = "SELECT hookgate_ensure_day_partition('request_history', $1)";
    /** Live tails on every admin instance learn of new rows from this channel, on commit only. */
    public static final String CHANNEL = "hookgate_history";
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
     * Acts on the accepted records (contacts, flow runs, their commands and events) and inserts every row, in
     * one transaction; completes after the commit. A batch with nothing to act on (no connection of it finds
     * contacts or triggers flows) is its one insert statement, committed on its own.
     */
    public Future<Void> write(List<IngestRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        Set<LocalDate> days = new TreeSet<>();
        for (IngestRecord r : records) {
            days.add(LocalDate.ofInstant(r.receivedAt(), ZoneOffset.UTC));
        }
        String[] notifications = notifications(records).toArray(String[]::new);
        return ensurePartitions(days)
                .compose(v -> flows.plan(pool, records))
                .compose(plan -> plan.hasWork()
                        ? pool.withTransaction(conn -> flows.process(conn, plan)
                                .compose(annotations -> insert(conn, records, annotations, notifications)))
                        : insert(pool, records, Map.of(), notifications));
    }

    private static Future<Void> insert(SqlClient client, List<IngestRecord> records, Map<String, Annotation> annotations,
                                       String[] notifications) {
        Tuple params = rows(records, annotations).addArrayOfString(notifications).addString(CHANNEL);
        return client.preparedQuery(INSERT).execute(params).mapEmpty();
    }

    /**
     * {@code connectionId receivedAt recordId} lines, one per row, packed into payloads under the NOTIFY limit.
     * A redelivered record notifies again; tails ignore rows they already sent.
     */
    static List<String> notifications(List<IngestRecord> records) {
        List<String> out = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (IngestRecord r : records) {
            if (r.organisationId() == null) {
                continue; // no connection, so no tenant could be tailing it
            }
            String line = r.connectionId() + " " + r.receivedAt() + " " + r.recordId();
            if (payload.length() + line.length() + 1 > MAX_NOTIFY_PAYLOAD) {
                out.add(payload.toString());
                payload.setLength(0);
            }
            if (!payload.isEmpty()) {
                payload.append('\n');
            }
            payload.append(line);
        }
        if (!payload.isEmpty()) {
            out.add(payload.toString());
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

    /**
     * The batch as one tuple of column arrays. Every text a sender controls goes through {@link StoredText} or
     * {@link PgSafe}: Postgres refuses NUL.
     */
    private static Tuple rows(List<IngestRecord> records, Map<String, Annotation> annotations) {
        int n = records.size();
        String[] recordIds = new String[n];
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        String[] requestIds = new String[n];
        String[] connectionIds = new String[n];
        String[] organisationIds = new String[n];
        String[] environments = new String[n];
        String[] outcomes = new String[n];
        Short[] statuses = new Short[n];
        String[] reasons = new String[n];
        String[] contentTypes = new String[n];
        JsonObject[] headers = new JsonObject[n];
        Buffer[] payloads = new Buffer[n];
        String[] eventIds = new String[n];
        Integer[] durations = new Integer[n];
        String[] contactIds = new String[n];
        String[] runs = new String[n];
        for (int i = 0; i < n; i++) {
            IngestRecord r = records.get(i);
            Annotation a = annotations.getOrDefault(r.recordId(), Annotation.NONE);
            recordIds[i] = r.recordId();
            receivedAt[i] = r.receivedAt().atOffset(ZoneOffset.UTC);
            requestIds[i] = StoredText.forPostgres(r.requestId());
            connectionIds[i] = StoredText.forPostgres(r.connectionId());
            organisationIds[i] = r.organisationId();
            environments[i] = r.environment() == null ? null : r.environment().name();
            outcomes[i] = (a.outcome() != null ? a.outcome() : r.outcome()).name();
            statuses[i] = (short) r.outcome().httpStatus();
            reasons[i] = StoredText.forPostgres(a.reason() != null ? a.reason() : r.reason());
            contentTypes[i] = StoredText.forPostgres(r.contentType());
            headers[i] = PgSafe.json(headers(r));
            payloads[i] = Buffer.buffer(r.payload());
            eventIds[i] = StoredText.forPostgres(r.eventId());
            durations[i] = (int) Math.min(Integer.MAX_VALUE, r.durationMs());
            contactIds[i] = a.contactId();
            runs[i] = String.join(",", a.runIds());
        }
        return Tuple.tuple().addArrayOfString(recordIds).addArrayOfOffsetDateTime(receivedAt).addArrayOfString(requestIds)
                .addArrayOfString(connectionIds).addArrayOfString(organisationIds).addArrayOfString(environments)
                .addArrayOfString(outcomes).addArrayOfShort(statuses).addArrayOfString(reasons).addArrayOfString(contentTypes)
                .addArrayOfJsonObject(headers).addArrayOfBuffer(payloads).addArrayOfString(eventIds).addArrayOfInteger(durations)
                .addArrayOfString(contactIds).addArrayOfString(runs);
    }

    private static JsonObject headers(IngestRecord r) {
        JsonObject headers = new JsonObject();
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            headers.put(h.getKey(), new JsonArray(new ArrayList<>(h.getValue())));
        }
        return headers;
    }
}
