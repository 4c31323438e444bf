package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection's schema, inferred from one sample: every scalar leaf with its dotted path, its type
 * ({@code string}, {@code integer}, {@code number}, {@code boolean}, {@code null}) and whether it is
 * required (present and not null in the sample). Flow variables are named after these paths.
 */
public final class Schemas {
    private Schemas() {
    }

    /** One field of a schema. */
    public record Field(String path, String type, boolean required) {
    }

    public static List<Field> infer(JsonNode sample) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, Object> leaf : Flatten.leaves(sample).entrySet()) {
            Object v = leaf.getValue();
            String type = v == null ? "null" : v instanceof Boolean ? "boolean" : v instanceof Long ? "integer"
                    : v instanceof Double ? "number" : "string";
            fields.add(new Field(leaf.getKey(), type, v != null));
        }
        fields.sort(java.util.Comparator.comparing(Field::path));
        return fields;
    }
}
