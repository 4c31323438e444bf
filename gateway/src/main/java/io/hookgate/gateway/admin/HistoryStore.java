package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of {@code request_history}, always scoped to one tenant. */
public final class HistoryStore {
    private static final String COLUMNS = """
            record_id, received_at, request_id, connection_id, organisation_id, environment, outcome, status, reason, content_type,
            headers, payload, event_id, duration_ms, contact_id, flow_run_ids""";

    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM request_history
            WHERE connection_id = $1 AND organisation_id = $2 AND environment = $3
              AND ($4::text IS NULL OR outcome = $4)
              AND received_at >= $5 AND received_at < $6
              AND (received_at, record_id) < ($7, $8)
            ORDER BY received_at DESC, record_id DESC
            LIMIT $9""";

    private static final String BY_REQUEST_ID = "SELECT " + COLUMNS + """
             FROM request_history
            WHERE request_id = $1 AND organisation_id = $2 AND environment = $3
            ORDER BY received_at DESC
            LIMIT 1""";

    private static final String AFTER = "SELECT " + COLUMNS + """
             FROM request_history
            WHERE connection_id = $1 AND organisation_id = $2 AND environment = $3
              AND (received_at, record_id) > ($4, $5)
            ORDER BY received_at, record_id
            LIMIT $6""";

    private static final String BY_RECORDS = "SELECT " + COLUMNS + """
             FROM request_history
            WHERE record_id = ANY($1) AND received_at = ANY($2)
            ORDER BY received_at, record_id""";

    private static final String LAST_REQUESTS = """
            SELECT connection_id, max(received_at) AS last_at FROM request_history
             WHERE connection_id = ANY($1)
             GROUP BY connection_id""";

    static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T00:00:00Z");

    private final Pool pool;

    public HistoryStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored request, as the history API shows it. */
    public record Entry(String recordId, Instant receivedAt, String requestId, String connectionId,
                        String organisationId, String environment, Outcome outcome,
                        int status, String reason, String contentType, JsonObject headers, byte[] payload,
                        String eventId, int durationMs, String contactId, List<String> flowRunIds) {
    }

    /** Newest first, before the cursor. */
    public Future<List<Entry>> page(Tenant tenant, String connectionId, Outcome outcome, Instant from, Instant to,
                                    PageCursor before, int limit) {
        Tuple params = Tuple.tuple()
                .addString(connectionId)
                .addString(tenant.organisationId())
                .addString(tenant.environment().name())
                .addString(outcome == null ? null : outcome.name())
                .addOffsetDateTime(utc(from == null ? MIN : from))
                .addOffsetDateTime(utc(to == null ? MAX : to))
                .addOffsetDateTime(utc(before == null ? MAX : before.createdAt()))
                .addString(before == null ? "" : before.id())
                .addInteger(limit);
        return pool.preparedQuery(PAGE).execute(params).map(HistoryStore::all);
    }

    /** Oldest first, strictly after the cursor: what a live tail resuming at Last-Event-ID missed. */
    public Future<List<Entry>> after(Tenant tenant, String connectionId, PageCursor cursor, int limit) {
        return pool.preparedQuery(AFTER).execute(Tuple.of(connectionId, tenant.organisationId(), tenant.environment().name(),
                utc(cursor.createdAt()), cursor.id(), limit)).map(HistoryStore::all);
    }

    /** The rows named by (record id, received at), for the live tail; not tenant-scoped (the caller filters). */
    public Future<List<Entry>> byRecords(List<String> recordIds, List<Instant> receivedAt) {
        return pool.preparedQuery(BY_RECORDS).execute(Tuple.tuple()
                .addArrayOfString(recordIds.toArray(String[]::new))
                .addArrayOfOffsetDateTime(receivedAt.stream().map(HistoryStore::utc).toArray(OffsetDateTime[]::new)))
                .map(HistoryStore::all);
    }

    public Future<Optional<Entry>> byRequestId(Tenant tenant, String requestId) {
        return pool.preparedQuery(BY_REQUEST_ID)
                .execute(Tuple.of(requestId, tenant.organisationId(), tenant.environment().name()))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
                });
    }

    public Future<Map<String, Instant>> lastRequestTimes(List<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery(LAST_REQUESTS).execute(Tuple.of(connectionIds.toArray(String[]::new))).map(rows -> {
            Map<String, Instant> out = new HashMap<>();
            rows.forEach(row -> out.put(row.getString("connection_id"), row.getOffsetDateTime("last_at").toInstant()));
            return out;
        });
    }

    private static List<Entry> all(io.vertx.sqlclient.RowSet<Row> rows) {
        List<Entry> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(map(row)));
        return out;
    }

    private static Entry map(Row row) {
        Object headers = row.getValue("headers");
        return new Entry(
                row.getString("record_id"),
                row.getOffsetDateTime("received_at").toInstant(),
                row.getString("request_id"),
                row.getString("connection_id"),
                row.getString("organisation_id"),
                row.getString("environment"),
                Outcome.valueOf(row.getString("outcome")),
                row.getInteger("status"),
                row.getString("reason"),
                row.getString("content_type"),
                headers instanceof JsonObject o ? o : new JsonObject(),
                row.getBuffer("payload").getBytes(),
                row.getString("event_id"),
                row.getInteger("duration_ms"),
                row.getString("contact_id"),
                row.getArrayOfStrings("flow_run_ids") == null ? List.of() : List.of(row.getArrayOfStrings("flow_run_ids")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
