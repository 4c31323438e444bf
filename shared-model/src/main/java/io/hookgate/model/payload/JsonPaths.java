package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates contact identifiers and correlation values in a parsed JSON payload: JSONPath
 * ({@code $.data.customer.email}, {@code $.contacts[0].wa_id}) or a dotted path ({@code order.id},
 * {@code items[0].sku}). A value counts only when the path resolves to exactly one string, number or boolean.
 * Compiled paths are cached (they come from a handful of connections' settings).
 *
 * <p>Only navigation is allowed — names, indexes, slices, unions, wildcards and deep scans. Filters
 * ({@code [?(…)]}), scripts ({@code [(@.length-1)]}), regular expressions ({@code =~}) and functions
 * ({@code .length()}) are refused: they would run a tenant's expression (a backtracking regex, say) over
 * every sender's payload on the ingest event loop.
 */
public final class JsonPaths {
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();
    private static final int MAX_CACHED = 10_000;
    static final int MAX_LENGTH = 1024;
    private static final ConcurrentHashMap<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    /** @throws IllegalArgumentException when the path does not compile */
    public static JsonPath compile(String path) {
        JsonPath cached = COMPILED.get(path);
        if (cached != null) {
            return cached;
        }
        requireNavigationOnly(path);
        String expression = path.startsWith("$") ? path : "$." + path;
        JsonPath compiled;
        try {
            compiled = JsonPath.compile(expression);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JSONPath or dotted path: " + path);
        }
        if (COMPILED.size() >= MAX_CACHED) {
            COMPILED.clear();
        }
        COMPILED.put(path, compiled);
        return compiled;
    }

    private static void requireNavigationOnly(String path) {
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a path has 1-" + MAX_LENGTH + " characters");
        }
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("control characters are not allowed in a path");
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if ("?()@=~".indexOf(c) >= 0) {
                throw new IllegalArgumentException("filters, scripts and functions are not allowed in a path: " + path);
            }
        }
    }

    /** The scalar at the path as text, or empty (missing, null, object, array, several matches, bad path). */
    public static Optional<String> scalar(JsonNode document, String path) {
        JsonPath compiled;
        try {
            compiled = compile(path);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Object result;
        try {
            result = compiled.read(document, CONFIG);
        } catch (JsonPathException e) {
            // Compiles, yet fails on this document (unknown function, aggregate over nothing numeric): no value.
            return Optional.empty();
        }
        JsonNode node = result instanceof JsonNode n ? n : null;
        if (node != null && node.isArray() && !compiled.isDefinite()) {
            node = node.size() == 1 ? node.get(0) : null;
        }
        if (node == null || !node.isValueNode() || node.isNull()) {
            return Optional.empty();
        }
        String text = node.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
