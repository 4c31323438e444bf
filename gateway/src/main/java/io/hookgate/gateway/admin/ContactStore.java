package io.hookgate.gateway.admin;

import io.hookgate.model.IdKind;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contacts, created with their {@code contact.created} event in one transaction (through the outbox, so
 * the event is never lost and never sent for a contact that does not exist).
 */
public final class ContactStore {
    private static final String INSERT = """
            INSERT INTO contacts (id, organisation_id, environment, name, email, phone, chat_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())
            RETURNING created_at""";
    private static final String INSERT_CHANNEL = """
            INSERT INTO contact_channel_ids (contact_id, organisation_id, environment, channel, user_id) VALUES ($1, $2, $3, $4, $5)""";
    private static final String SELECT = """
            SELECT c.id, c.name, c.email, c.phone, c.chat_id, c.created_at,
                   coalesce((SELECT json_object_agg(channel, user_id) FROM contact_channel_ids x WHERE x.contact_id = c.id), '{}'::json) AS channels
              FROM contacts c
             WHERE c.organisation_id = $1 AND c.environment = $2""";

    private final Pool pool;
    private final Clock clock;

    public ContactStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** A contact to create, already normalised. */
    public record NewContact(String name, String email, String phone, String chatId, Map<String, String> channelUserIds) {
    }

    /** Creates the contact; a taken identifier fails with sqlstate 23505 (PK/unique violation). */
    public Future<JsonObject> create(Tenant tenant, NewContact contact) {
        String id = IdKind.CONTACT.generate();
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
                .execute(Tuple.of(id, tenant.organisationId(), tenant.environment().name(), contact.name(), contact.email(),
                        contact.phone(), contact.chatId()))
                .compose(rows -> {
                    List<Tuple> channels = new ArrayList<>();
                    contact.channelUserIds().forEach((channel, user) -> channels.add(
                            Tuple.of(id, tenant.organisationId(), tenant.environment().name(), channel, user)));
                    Future<?> inserted = channels.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(INSERT_CHANNEL).executeBatch(channels);
                    JsonObject json = json(id, contact, rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString());
                    OutboxMessage event = OutboxMessage.of(new PlatformEvent(IdKind.EVENT.generate(), "contact.created",
                            tenant.organisationId(), tenant.environment(), clock.instant(), json.toBuffer().getBytes()));
                    return inserted.compose(v -> tx.preparedQuery(OutboxMessage.INSERT).execute(Tuple.of(event.topic(), event.key(),
                            new JsonObject(event.headersJson()), Buffer.buffer(event.payload())))).map(json);
                }));
    }

    public Future<Optional<JsonObject>> find(Tenant tenant, String id) {
        return pool.preparedQuery(SELECT + " AND c.id = $3").execute(Tuple.of(tenant.organisationId(), tenant.environment().name(), id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next())));
    }

    /** Contacts matching one identifier (at most one, the identifiers being unique). */
    public Future<List<JsonObject>> lookup(Tenant tenant, String column, String value, String channel) {
        String sql = channel == null ? SELECT + " AND c." + column + " = $3"
                : SELECT + " AND EXISTS (SELECT 1 FROM contact_channel_ids x WHERE x.contact_id = c.id AND x.channel = $4 AND x.user_id = $3)";
        Tuple params = channel == null ? Tuple.of(tenant.organisationId(), tenant.environment().name(), value)
                : Tuple.of(tenant.organisationId(), tenant.environment().name(), value, channel);
        return pool.preparedQuery(sql + " ORDER BY c.created_at LIMIT 50").execute(params).map(ContactStore::all);
    }

    private static List<JsonObject> all(RowSet<Row> rows) {
        List<JsonObject> out = new ArrayList<>();
        rows.forEach(r -> out.add(json(r)));
        return out;
    }

    private static JsonObject json(Row r) {
        Object channels = r.getValue("channels");
        return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name")).put("email", r.getString("email"))
                .put("phone", r.getString("phone")).put("chatId", r.getString("chat_id"))
                .put("channelUserIds", channels instanceof JsonObject o ? o : new JsonObject())
                .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
    }

    private static JsonObject json(String id, NewContact c, String createdAt) {
        return new JsonObject().put("id", id).put("name", c.name()).put("email", c.email()).put("phone", c.phone())
                .put("chatId", c.chatId()).put("channelUserIds", new JsonObject(new java.util.LinkedHashMap<>(c.channelUserIds())))
                .put("createdAt", createdAt);
    }
}
