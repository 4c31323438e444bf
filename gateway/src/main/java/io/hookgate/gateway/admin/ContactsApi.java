package io.hookgate.gateway.admin;

import io.hookgate.model.contact.ContactKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/contacts}: create (emits contact.created), look up by one identifier, get. */
final class ContactsApi {
    private final ContactStore contacts;

    ContactsApi(ContactStore contacts) {
        this.contacts = contacts;
    }

    void create(RoutingContext rc) {
        JsonObject body = JsonFields.body(rc);
        String name = JsonFields.string(body, "name", "name");
        if (name != null && name.length() > 200) {
            throw ApiException.validation("name", "name must be at most 200 characters");
        }
        String email = normalised(body, "email", "EMAIL");
        String phone = normalised(body, "phone", "PHONE");
        String chatId = normalised(body, "chatId", "CHAT_ID");
        Map<String, String> channels = new LinkedHashMap<>();
        JsonObject ids = JsonFields.object(body, "channelUserIds", "channelUserIds");
        if (ids != null) {
            for (String channel : ids.fieldNames()) {
                String key = ContactKeys.channel(channel)
                        .orElseThrow(() -> ApiException.validation("channelUserIds", "channel names are 1-64 of [a-z0-9_.-]"));
                String user = ContactKeys.id(JsonFields.string(ids, channel, "channelUserIds." + channel))
                        .orElseThrow(() -> ApiException.validation("channelUserIds." + channel, "a user id is 1-256 characters"));
                channels.put(key, user);
            }
        }
        if (email == null && phone == null && chatId == null && channels.isEmpty()) {
            throw ApiException.validation("email", "a contact needs at least one of email, phone, chatId or channelUserIds");
        }
        try {
            JsonObject created = contacts.create(Tenant.of(rc), new ContactStore.NewContact(name, email, phone, chatId, channels)).await();
            rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(created.toBuffer());
        } catch (PgException e) {
            if ("23505".equals(e.getSqlState())) {
                throw ApiException.conflict(null, "A contact with one of these identifiers already exists");
            }
            throw e;
        }
    }

    void lookup(RoutingContext rc) {
        var q = rc.queryParams();
        String column;
        String value;
        String channel = null;
        if (q.contains("email")) {
            column = "email";
            value = ContactKeys.email(q.get("email")).orElseThrow(() -> ApiException.validation("email", "not an e-mail address"));
        } else if (q.contains("phone")) {
            column = "phone";
            value = ContactKeys.phone(q.get("phone")).orElseThrow(() -> ApiException.validation("phone", "not an international phone number"));
        } else if (q.contains("chatId")) {
            column = "chat_id";
            value = ContactKeys.id(q.get("chatId")).orElseThrow(() -> ApiException.validation("chatId", "chatId is 1-256 characters"));
        } else if (q.contains("channel") && q.contains("userId")) {
            column = null;
            channel = ContactKeys.channel(q.get("channel")).orElseThrow(() -> ApiException.validation("channel", "not a channel name"));
            value = ContactKeys.id(q.get("userId")).orElseThrow(() -> ApiException.validation("userId", "userId is 1-256 characters"));
        } else {
            throw ApiException.validation("email", "look contacts up by email, phone, chatId, or channel and userId");
        }
        rc.json(new JsonObject().put("data", new JsonArray(contacts.lookup(Tenant.of(rc), column, value, channel).await())).putNull("nextCursor"));
    }

    void get(RoutingContext rc) {
        rc.json(contacts.find(Tenant.of(rc), rc.pathParam("id")).await().orElseThrow(() -> ApiException.notFound("Contact")));
    }

    private static String normalised(JsonObject body, String field, String type) {
        String raw = JsonFields.string(body, field, field);
        if (raw == null) {
            return null;
        }
        return ContactKeys.normalise(type, raw).orElseThrow(() -> ApiException.validation(field,
                "PHONE".equals(type) ? "phone must be an international number (+447700900123)" : field + " is not valid"));
    }
}
