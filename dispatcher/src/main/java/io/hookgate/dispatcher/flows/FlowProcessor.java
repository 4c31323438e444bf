package io.hookgate.dispatcher.flows;

import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.Outcome;
import io.hookgate.model.Topics;
import io.hookgate.model.contact.ContactKeys;
import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.IngestRecord;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.hookgate.model.payload.Flatten;
import io.hookgate.model.payload.Payload;
import io.hookgate.model.text.StoredText;
import io.hookgate.dispatcher.store.PgSafe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns accepted webhooks into contacts, flow runs and failed triggers, inside the batch's transaction:
 * <ol>
 *   <li>each record is processed once: its provider event id (or its record id) is claimed in
 *       {@code processed_events}; a provider retry or a redelivered record finds it taken and does nothing;</li>
 *   <li>the contact is found by the connection's identifier (or created when the connection says so, which
 *       emits {@code contact.created}); none → history tagged {@code IDENTIFIER_NOT_FOUND}, no flow runs;</li>
 *   <li>START creates a run; RESUME resumes the active run whose correlation value matches, or records a
 *       failed trigger; each run gets a command on {@code hookgate.flow.commands} (and {@code flow.started}).</li>
 * </ol>
 * Kafka messages go to the outbox in the same transaction.
 */
public final class FlowProcessor {
    private static final String CLAIM = """
            INSERT INTO processed_events (connection_id, event_id, record_id) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING RETURNING record_id""";
    private static final String START = """
            INSERT INTO flow_runs (id, flow_id, organisation_id, environment, contact_id, connection_id, status,
                                   correlation_value, variables, started_by)
            VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, $8, $9)""";
    private static final String RESUME = """
            UPDATE flow_runs SET resumed_count = resumed_count + 1, last_resumed_at = now(), updated_at = now()
             WHERE id = (SELECT id FROM flow_runs WHERE flow_id = $1 AND organisation_id = $2 AND environment = $3
                            AND correlation_value = $4 AND status = 'ACTIVE'
                          ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
            RETURNING id, contact_id""";
    private static final String FAILED = """
            INSERT INTO failed_triggers (id, organisation_id, environment, connection_id, trigger_id, flow_id, record_id,
                                         request_id, reason, correlation_value)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING""";

    private final Clock clock;

    public FlowProcessor(Clock clock) {
        this.clock = clock;
    }

    /**
     * What a batch has to do, read before its transaction: each accepted record whose connection finds contacts
     * or triggers flows, with that connection's context. Whether there is any decides whether the batch needs a
     * transaction.
     */
    public static final class Plan {
        private final List<Work> work;

        private Plan(List<Work> work) {
            this.work = work;
        }

        public boolean hasWork() {
            return !work.isEmpty();
        }
    }

    private record Work(IngestRecord record, ConnectionContext context) {
    }

    /** Reads the contexts of the batch's connections (one query, none when nothing was accepted). */
    public Future<Plan> plan(SqlClient client, List<IngestRecord> records) {
        List<IngestRecord> accepted = records.stream().filter(r -> r.outcome() == Outcome.ACCEPTED).toList();
        Set<String> connectionIds = new LinkedHashSet<>();
        accepted.forEach(r -> connectionIds.add(r.connectionId()));
        return ConnectionContexts.load(client, connectionIds).map(contexts -> {
            List<Work> work = new ArrayList<>();
            for (IngestRecord record : accepted) {
                ConnectionContext context = contexts.get(record.connectionId());
                if (context != null && context.hasWork()) {
                    work.add(new Work(record, context));
                }
            }
            return new Plan(work);
        });
    }

    /** Annotations by record id for the records that had something to do. */
    public Future<Map<String, Annotation>> process(SqlConnection tx, Plan plan) {
        Map<String, Annotation> out = new HashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Work w : plan.work) {
            chain = chain.compose(v -> one(tx, w.context(), w.record()).onSuccess(a -> out.put(w.record().recordId(), a)).mapEmpty());
        }
        return chain.map(out);
    }

    private Future<Annotation> one(SqlConnection tx, ConnectionContext context, IngestRecord record) {
        String dedupKey = record.eventId() != null ? StoredText.forPostgres(record.eventId()) : "record:" + record.recordId();
        return tx.preparedQuery(CLAIM).execute(Tuple.of(record.connectionId(), dedupKey, record.recordId())).compose(claimed -> {
            if (claimed.size() == 0) {
                return Future.succeededFuture(new Annotation(null, "duplicate_event", null, List.of()));
            }
            Payload payload = parse(context, record.payload());
            return contact(tx, context, payload).compose(contact -> {
                if (context.identifierType() != null && contact == null) {
                    return Future.succeededFuture(new Annotation(Outcome.IDENTIFIER_NOT_FOUND, "contact_not_found", null, List.of()));
                }
                return triggers(tx, context, record, payload, contact)
                        .map(runs -> new Annotation(null, null, contact, runs));
            });
        });
    }

    /** The contact id for this payload, created when allowed; null when there is none. */
    private Future<String> contact(SqlConnection tx, ConnectionContext context, Payload payload) {
        if (context.identifierType() == null) {
            return Future.succeededFuture(null);
        }
        String raw = payload == null ? null : payload.scalar(context.identifierPath()).orElse(null);
        String value = raw == null ? null : ContactKeys.normalise(context.identifierType(), raw).orElse(null);
        if (value == null) {
            return Future.succeededFuture(null);
        }
        String channel = "CHANNEL_USER_ID".equals(context.identifierType())
                ? ContactKeys.channel(context.identifierChannel()).orElse(null) : null;
        ContactKey key = new ContactKey(context.organisationId(), context.environment(), context.identifierType(), value, channel);
        return Contacts.find(tx, Set.of(key)).compose(found -> {
            if (found.containsKey(key)) {
                return Future.succeededFuture(found.get(key));
            }
            if (!context.createMissingContacts()) {
                return Future.succeededFuture(null);
            }
            return Contacts.findOrCreate(tx, key).compose(resolution -> resolution.created() == null
                    ? Future.succeededFuture(resolution.contactId())
                    : outbox(tx, event("contact.created", context, resolution.created())).map(resolution.contactId()));
        });
    }

    private Future<List<String>> triggers(SqlConnection tx, ConnectionContext context, IngestRecord record, Payload payload, String contactId) {
        List<String> runs = new ArrayList<>();
        JsonObject variables = variables(context, payload);
        Future<Void> chain = Future.succeededFuture();
        for (ConnectionContext.Trigger trigger : context.triggers()) {
            String correlation = trigger.correlationPath() == null || payload == null ? null
                    : StoredText.forPostgres(payload.scalar(trigger.correlationPath()).orElse(null));
            chain = chain.compose(v -> trigger.starts()
                    ? start(tx, context, record, trigger, contactId, correlation, variables).onSuccess(runs::add).mapEmpty()
                    : resume(tx, context, record, trigger, correlation, variables).onSuccess(id -> {
                        if (id != null) {
                            runs.add(id);
                        }
                    }).mapEmpty());
        }
        return chain.map(runs);
    }

    private Future<String> start(SqlConnection tx, ConnectionContext context, IngestRecord record, ConnectionContext.Trigger trigger,
                                 String contactId, String correlation, JsonObject variables) {
        String runId = IdKind.RUN.generate();
        return tx.preparedQuery(START).execute(Tuple.tuple().addString(runId).addString(trigger.flowId())
                        .addString(context.organisationId()).addString(context.environment()).addString(contactId)
                        .addString(record.connectionId()).addString(correlation).addJsonObject(variables).addString(record.recordId()))
                .compose(v -> outbox(tx, command("START", context, record, trigger.flowId(), runId, contactId, variables)))
                .compose(v -> outbox(tx, event("flow.started", context, new JsonObject().put("runId", runId)
                        .put("flowId", trigger.flowId()).put("contactId", contactId).put("connectionId", record.connectionId())
                        .put("requestId", record.requestId()))))
                .map(runId);
    }

    private Future<String> resume(SqlConnection tx, ConnectionContext context, IngestRecord record, ConnectionContext.Trigger trigger,
                                  String correlation, JsonObject variables) {
        if (correlation == null) {
            return failed(tx, context, record, trigger, "correlation_not_found", null).map((String) null);
        }
        return tx.preparedQuery(RESUME).execute(Tuple.of(trigger.flowId(), context.organisationId(), context.environment(), correlation))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return failed(tx, context, record, trigger, "no_waiting_run", correlation).map((String) null);
                    }
                    var row = rows.iterator().next();
                    String runId = row.getString("id");
                    return outbox(tx, command("RESUME", context, record, trigger.flowId(), runId, row.getString("contact_id"), variables))
                            .map(runId);
                });
    }

    private Future<Void> failed(SqlConnection tx, ConnectionContext context, IngestRecord record, ConnectionContext.Trigger trigger,
                                String reason, String correlation) {
        return tx.preparedQuery(FAILED).execute(Tuple.tuple().addString(IdKind.FAILED_TRIGGER.generate())
                .addString(context.organisationId()).addString(context.environment()).addString(record.connectionId())
                .addString(trigger.id()).addString(trigger.flowId()).addString(record.recordId()).addString(record.requestId())
                .addString(reason).addString(correlation)).mapEmpty();
    }

    /**
     * {{webhook.<path>}} for every schema path (null when absent here); every leaf when there is no schema yet.
     * Keys and strings come from the sender, so they are made storable in {@code jsonb}.
     */
    static JsonObject variables(ConnectionContext context, Payload payload) {
        Map<String, Object> leaves = payload == null ? Map.of() : Flatten.leaves(payload.tree());
        JsonObject out = new JsonObject();
        if (context.schemaPaths().isEmpty()) {
            leaves.forEach((path, value) -> out.put("webhook." + path, value));
        } else {
            context.schemaPaths().forEach(path -> out.put("webhook." + path, leaves.get(path)));
        }
        return PgSafe.json(out);
    }

    private OutboxMessage command(String command, ConnectionContext context, IngestRecord record, String flowId, String runId,
                                  String contactId, JsonObject variables) {
        JsonObject headers = new JsonObject();
        record.headers().forEach((name, values) -> headers.put(name, new JsonArray(new ArrayList<>(values))));
        Object payload;
        try {
            payload = Json.decodeValue(Buffer.buffer(record.payload()));
        } catch (DecodeException e) {
            payload = new String(record.payload(), StandardCharsets.UTF_8); // not JSON: the raw text
        }
        JsonObject value = new JsonObject().put("command", command).put("runId", runId).put("flowId", flowId)
                .put("contactId", contactId).put("connectionId", record.connectionId())
                .put("organisationId", context.organisationId()).put("environment", context.environment().toLowerCase(java.util.Locale.ROOT))
                .put("requestId", record.requestId()).put("recordId", record.recordId())
                .put("webhookMessage", new JsonObject().put("dateTime", record.receivedAt().toString()).put("payload", payload).put("headers", headers))
                .put("variables", variables);
        List<CloudEventsCodec.Header> ce = List.of(
                header("ce_specversion", "1.0"), header("ce_id", runId + ":" + record.recordId()),
                header("ce_source", "/hookgate/flows/" + flowId), header("ce_type", "io.hookgate.flow." + command.toLowerCase(java.util.Locale.ROOT)),
                header("ce_time", clock.instant().toString()), header("content-type", "application/json"),
                header("ce_organisationid", context.organisationId()), header("ce_environment", context.environment().toLowerCase(java.util.Locale.ROOT)));
        return new OutboxMessage(Topics.FLOW_COMMANDS, contactId != null ? contactId : record.connectionId(), ce, value.toBuffer().getBytes());
    }

    private OutboxMessage event(String type, ConnectionContext context, JsonObject data) {
        return OutboxMessage.of(new PlatformEvent(IdKind.EVENT.generate(), type, context.organisationId(),
                Environment.valueOf(context.environment()), clock.instant(), data.toBuffer().getBytes()));
    }

    private static Future<Void> outbox(SqlConnection tx, OutboxMessage message) {
        return tx.preparedQuery(OutboxMessage.INSERT).execute(Tuple.of(message.topic(), message.key(),
                new JsonObject(message.headersJson()), Buffer.buffer(message.payload()))).mapEmpty();
    }

    private static CloudEventsCodec.Header header(String key, String value) {
        return new CloudEventsCodec.Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload in the connection's format, or null when it does not parse (nothing to evaluate then). */
    private static Payload parse(ConnectionContext context, byte[] payload) {
        try {
            return Payload.parse(context.format(), payload);
        } catch (Payload.PayloadParseException e) {
            return null;
        }
    }
}
