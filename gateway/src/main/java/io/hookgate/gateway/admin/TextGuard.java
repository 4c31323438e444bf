package io.hookgate.gateway.admin;

import io.hookgate.model.text.StoredText;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Refuses, as a 400 naming the field, text that no admin operation can use and PostgreSQL would refuse
 * later (as a 500): a control character in the path or a query parameter (ids, filters and cursors
 * never hold one), and NUL or broken UTF-16 anywhere in a JSON body. Everything else is each
 * operation's own validation.
 */
final class TextGuard implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        if (!printablePath(rc.request().path())) {
            rc.fail(ApiException.validation("path", "the path must not contain control characters"));
            return;
        }
        for (Map.Entry<String, String> param : rc.queryParams()) {
            if (!StoredText.isPrintable(param.getKey()) || !StoredText.isPrintable(param.getValue())) {
                String field = StoredText.isPrintable(param.getKey()) ? param.getKey() : "query";
                rc.fail(ApiException.validation(field, field + " must not contain control characters"));
                return;
            }
        }
        io.vertx.core.buffer.Buffer body = rc.body() == null ? null : rc.body().buffer();
        String bad = body == null || body.length() == 0 ? null : badField(body);
        if (bad != null) {
            rc.fail(ApiException.validation(bad, bad + " must not contain NUL characters or broken UTF-16"));
            return;
        }
        rc.next();
    }

    /** Path parameters are percent-decoded by the router later; look at what they will decode to. */
    private static boolean printablePath(String rawPath) {
        try {
            return rawPath == null || StoredText.isPrintable(URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformedEscape) {
            return false;
        }
    }

    /** The dotted name of the first body field whose text cannot be stored, or null. Not JSON: each handler says so. */
    private static String badField(io.vertx.core.buffer.Buffer bytes) {
        Object body;
        try {
            body = Json.decodeValue(bytes);
        } catch (DecodeException e) {
            return null;
        }
        return walk(body, "");
    }

    private static String walk(Object value, String at) {
        switch (value) {
            case JsonObject object -> {
                for (Map.Entry<String, Object> e : object) {
                    String name = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                    if (unstorable(e.getKey())) {
                        return at.isEmpty() ? "body" : at;
                    }
                    String bad = walk(e.getValue(), name);
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
            }
            case JsonArray array -> {
                for (int i = 0; i < array.size(); i++) {
                    String bad = walk(array.getValue(i), at + "[" + i + "]");
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
            }
            case String text -> {
                return unstorable(text) ? (at.isEmpty() ? "body" : at) : null;
            }
            case null, default -> {
                return null;
            }
        }
    }

    private static boolean unstorable(String text) {
        return !text.equals(StoredText.forPostgres(text));
    }
}
