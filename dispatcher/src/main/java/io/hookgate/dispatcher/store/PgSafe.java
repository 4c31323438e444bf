package io.hookgate.dispatcher.store;

import io.hookgate.model.text.StoredText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * JSON built from what a sender controls (header values, payload keys and strings) made acceptable to
 * {@code jsonb}, which refuses {@code \u0000}: every key and string has NUL and unpaired surrogates
 * replaced (see {@link StoredText#forPostgres}). A record is never dead-lettered for a character.
 */
public final class PgSafe {
    private PgSafe() {
    }

    public static JsonObject json(JsonObject object) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : object) {
            out.put(StoredText.forPostgres(e.getKey()), value(e.getValue()));
        }
        return out;
    }

    private static JsonArray array(JsonArray array) {
        JsonArray out = new JsonArray();
        for (Object v : array) {
            out.add(value(v));
        }
        return out;
    }

    private static Object value(Object v) {
        return switch (v) {
            case String s -> StoredText.forPostgres(s);
            case JsonObject o -> json(o);
            case JsonArray a -> array(a);
            case null, default -> v;
        };
    }
}
