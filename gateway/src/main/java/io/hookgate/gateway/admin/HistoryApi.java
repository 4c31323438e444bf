package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.hookgate.model.Outcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/v1/connections/{id}/requests} and {@code GET /api/v1/requests/{requestId}}. */
final class HistoryApi {
    private final HistoryStore history;
    private final ConnectionsApi connections;
    private final LiveTail tail;

    HistoryApi(HistoryStore history, ConnectionsApi connections, LiveTail tail) {
        this.history = history;
        this.connections = connections;
        this.tail = tail;
    }

    /** {@code GET …/requests/stream}: Server-Sent Events, resumable with {@code Last-Event-ID}. */
    void stream(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        String connectionId = connections.visible(rc).id();
        String lastEventId = rc.request().getHeader("last-event-id");
        PageCursor resumeAfter = lastEventId == null || lastEventId.isBlank() ? null
                : PageCursor.decode(lastEventId.trim())
                        .orElseThrow(() -> ApiException.validation("Last-Event-ID", "Last-Event-ID is not an id this stream sent"));
        tail.watch(tenant, connectionId, rc.response(), resumeAfter);
    }

    void listForConnection(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        String connectionId = connections.visible(rc).id();
        Paging paging = Paging.of(rc);
        Outcome outcome = outcome(rc.queryParams().get("outcome"));
        Instant from = instant(rc.queryParams().get("from"), "from");
        Instant to = instant(rc.queryParams().get("to"), "to");
        List<HistoryStore.Entry> fetched = history.page(tenant, connectionId, outcome, from, to, paging.cursor(), paging.limit() + 1).await();
        rc.json(paging.render(fetched, HistoryApi::json, e -> new PageCursor(e.receivedAt(), e.recordId())));
    }

    void get(RoutingContext rc) {
        HistoryStore.Entry entry = history.byRequestId(Tenant.of(rc), rc.pathParam("requestId")).await()
                .orElseThrow(() -> ApiException.notFound("Request"));
        rc.json(json(entry));
    }

    static JsonObject json(HistoryStore.Entry e) {
        return new JsonObject()
                .put("requestId", e.requestId())
                .put("connectionId", e.connectionId())
                .put("receivedAt", e.receivedAt().toString())
                .put("outcome", e.outcome().name())
                .put("status", e.status())
                .put("reason", e.reason())
                .put("contentType", e.contentType())
                .put("headers", e.headers())
                .put("payload", payload(e.payload()))
                .put("eventId", e.eventId())
                .put("durationMs", e.durationMs())
                .put("contactId", e.contactId())
                .put("flowRunIds", new io.vertx.core.json.JsonArray(e.flowRunIds()));
    }

    /** JSON payloads as JSON, anything else as text (invalid UTF-8 shown with replacement characters). */
    private static Object payload(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Json.decodeValue(Buffer.buffer(bytes));
        } catch (DecodeException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("outcome", "outcome must be one of " + java.util.Arrays.toString(Outcome.values()));
        }
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field, field + " must be an ISO-8601 UTC timestamp, e.g. 2026-01-31T12:00:00Z");
        }
    }
}
