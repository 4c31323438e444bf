package io.hookgate.gateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** Typed reads of request JSON that fail as {@code 400 validation_failed} naming the field. */
final class JsonFields {
    private JsonFields() {
    }

    static String string(JsonObject json, String key, String field) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.validation(field, field + " must be a string");
        }
        return s;
    }

    static String requiredString(JsonObject json, String key, String field) {
        String s = string(json, key, field);
        if (s == null) {
            throw ApiException.validation(field, field + " is required");
        }
        return s;
    }

    static Integer integer(JsonObject json, String key, String field, int min, int max) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.validation(field, field + " must be a whole number");
        }
        // Compared as a double: longValue() of a BigInteger past 64 bits keeps only the low bits (2^64 + 5 → 5).
        double value = n.doubleValue();
        if (value < min || value > max) {
            throw ApiException.validation(field, field + " must be between " + min + " and " + max);
        }
        return n.intValue();
    }

    static Boolean bool(JsonObject json, String key, String field) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.validation(field, field + " must be true or false");
        }
        return b;
    }

    static JsonObject object(JsonObject json, String key, String field) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw ApiException.validation(field, field + " must be an object");
        }
        return o;
    }

    static JsonArray array(JsonObject json, String key, String field) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw ApiException.validation(field, field + " must be an array");
        }
        return a;
    }

    static <E extends Enum<E>> E enumValue(JsonObject json, String key, String field, Class<E> type) {
        String s = string(json, key, field);
        if (s == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The request body as a JSON object, or a 400 when it is anything else. */
    static JsonObject body(io.vertx.ext.web.RoutingContext rc) {
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body == null) {
                throw ApiException.validation(null, "Request body must be a JSON object");
            }
            return body;
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw ApiException.validation(null, "Request body must be a JSON object");
        }
    }
}
