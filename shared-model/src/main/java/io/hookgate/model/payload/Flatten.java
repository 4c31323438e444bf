package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every scalar leaf of a JSON document with its dotted path: {@code data.attributes.title},
 * {@code items[0].sku}. Values are String, Long/Double, Boolean or null. What flow variables
 * ({@code {{webhook.<path>}}}) and inferred schemas are made of.
 */
public final class Flatten {
    private static final int MAX_LEAVES = 10_000;

    private Flatten() {
    }

    public static Map<String, Object> leaves(JsonNode document) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(document, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, Object> out) {
        if (out.size() >= MAX_LEAVES || node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        } else if (!path.isEmpty()) {
            out.put(path, value(node));
        }
    }

    static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }
}
