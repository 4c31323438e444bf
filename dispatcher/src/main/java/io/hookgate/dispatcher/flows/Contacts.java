package io.hookgate.dispatcher.flows;

import io.hookgate.model.IdKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds contacts by identifier (one query per kind of identifier in a batch), and creates a missing one so
 * that concurrent webhooks for the same new identifier end with exactly one contact: the unique indexes
 * decide, {@code ON CONFLICT DO NOTHING} loses quietly, and the loser reads the winner's row.
 */
final class Contacts {
    private static final Map<String, String> COLUMN = Map.of("EMAIL", "email", "PHONE", "phone", "CHAT_ID", "chat_id");

    private static final String INSERT_CONTACT = """
            INSERT INTO contacts (id, organisation_id, environment, email, phone, chat_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            RETURNING id""";
    private static final String INSERT_CHANNEL_ID = """
            INSERT INTO contact_channel_ids (contact_id, organisation_id, environment, channel, user_id)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            RETURNING contact_id""";
    private static final String DELETE_CONTACT = "DELETE FROM contacts WHERE id = $1";

    private Contacts() {
    }

    /** The contact id of every key that has one. */
    static Future<Map<ContactKey, String>> find(SqlConnection conn, Set<ContactKey> keys) {
        Map<List<String>, List<ContactKey>> groups = keys.stream().collect(Collectors.groupingBy(
                k -> List.of(k.organisationId(), k.environment(), k.type(), k.channel() == null ? "" : k.channel())));
        Map<ContactKey, String> found = new HashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<List<String>, List<ContactKey>> group : groups.entrySet()) {
            chain = chain.compose(v -> findGroup(conn, group.getValue()).onSuccess(found::putAll).mapEmpty());
        }
        return chain.map(found);
    }

    private static Future<Map<ContactKey, String>> findGroup(SqlConnection conn, List<ContactKey> keys) {
        ContactKey first = keys.getFirst();
        String[] values = keys.stream().map(ContactKey::value).distinct().toArray(String[]::new);
        String sql;
        Tuple params;
        if ("CHANNEL_USER_ID".equals(first.type())) {
            sql = """
                    SELECT contact_id AS id, user_id AS v FROM contact_channel_ids
                     WHERE organisation_id = $1 AND environment = $2 AND channel = $3 AND user_id = ANY($4)""";
            params = Tuple.of(first.organisationId(), first.environment(), first.channel(), values);
        } else {
            String column = COLUMN.get(first.type());
            sql = "SELECT id, " + column + " AS v FROM contacts WHERE organisation_id = $1 AND environment = $2 AND "
                    + column + " = ANY($3)";
            params = Tuple.tuple().addString(first.organisationId()).addString(first.environment()).addArrayOfString(values);
        }
        return conn.preparedQuery(sql).execute(params).map(rows -> {
            Map<String, String> byValue = new HashMap<>();
            for (Row row : rows) {
                byValue.put(row.getString("v"), row.getString("id"));
            }
            Map<ContactKey, String> out = new HashMap<>();
            for (ContactKey k : keys) {
                if (byValue.containsKey(k.value())) {
                    out.put(k, byValue.get(k.value()));
                }
            }
            return out;
        });
    }

    /** Creates the contact of this key, or returns the one a concurrent transaction created; {@code created} says which. */
    static Future<Resolution> findOrCreate(SqlConnection conn, ContactKey key) {
        String id = IdKind.CONTACT.generate();
        String email = "EMAIL".equals(key.type()) ? key.value() : null;
        String phone = "PHONE".equals(key.type()) ? key.value() : null;
        String chatId = "CHAT_ID".equals(key.type()) ? key.value() : null;
        Future<Boolean> inserted = conn.preparedQuery(INSERT_CONTACT)
                .execute(Tuple.of(id, key.organisationId(), key.environment(), email, phone, chatId))
                .map(rows -> rows.size() == 1);
        if ("CHANNEL_USER_ID".equals(key.type())) {
            inserted = inserted.compose(ok -> conn.preparedQuery(INSERT_CHANNEL_ID)
                    .execute(Tuple.of(id, key.organisationId(), key.environment(), key.channel(), key.value()))
                    .compose(rows -> rows.size() == 1 ? Future.succeededFuture(true)
                            // Another transaction owns this channel id: drop our fresh contact, use theirs.
                            : conn.preparedQuery(DELETE_CONTACT).execute(Tuple.of(id)).map(false)));
        }
        return inserted.compose(created -> {
            if (created) {
                return Future.succeededFuture(new Resolution(id, json(id, key)));
            }
            return find(conn, Set.of(key)).map(found -> new Resolution(found.get(key), null));
        });
    }

    /** The contact's id, and its JSON when this call created it (for {@code contact.created}). */
    record Resolution(String contactId, JsonObject created) {
    }

    static JsonObject json(String id, ContactKey key) {
        JsonObject json = new JsonObject().put("id", id)
                .put("email", "EMAIL".equals(key.type()) ? key.value() : null)
                .put("phone", "PHONE".equals(key.type()) ? key.value() : null)
                .put("chatId", "CHAT_ID".equals(key.type()) ? key.value() : null);
        json.put("channelUserIds", "CHANNEL_USER_ID".equals(key.type())
                ? new JsonObject().put(key.channel(), key.value()) : new JsonObject());
        return json;
    }
}
