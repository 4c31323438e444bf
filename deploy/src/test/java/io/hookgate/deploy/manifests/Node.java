package io.hookgate.deploy.manifests;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node of a parsed YAML document with the path that led to it, so a failed check names the spot
 * ({@code k8s/gateway.yaml#0.spec.replicas}). Compose's merge keys ({@code <<: *anchor}) are resolved as
 * Compose resolves them: the anchored mapping's entries, overridden by the mapping's own.
 */
record Node(String path, Object value) {
    private static final String MERGE = "<<";

    /** Every non-empty document of a YAML file. */
    static List<Node> documents(Path file, String name) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Node> documents = new ArrayList<>();
        int i = 0;
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
            if (document != null) {
                documents.add(new Node(name + "#" + i, resolveMerges(document)));
            }
            i++;
        }
        return documents;
    }

    Node get(String key) {
        Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
        return new Node(path + "." + key, child);
    }

    /** Follows a dotted path of keys. */
    Node at(String dotted) {
        Node node = this;
        for (String key : dotted.split("\\.")) {
            node = node.get(key);
        }
        return node;
    }

    boolean present() {
        return value != null;
    }

    String string() {
        return value == null ? null : value.toString();
    }

    /** An integer or a numeric string; {@code fallback} when absent. */
    int integer(int fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
    }

    List<Node> list() {
        List<Node> out = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                out.add(new Node(path + "[" + i + "]", items.get(i)));
            }
        }
        return out;
    }

    /** The entries of a mapping, in order (empty when this is not one). */
    Map<String, Node> entries() {
        Map<String, Node> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(Objects.toString(k), new Node(path + "." + k, v)));
        }
        return out;
    }

    /** A mapping of scalars as strings (environment blocks, ConfigMap data, labels). */
    Map<String, String> strings() {
        Map<String, String> out = new LinkedHashMap<>();
        entries().forEach((k, v) -> out.put(k, v.string()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object resolveMerges(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            Object merged = map.get(MERGE);
            if (merged instanceof Map<?, ?> base) {
                out.putAll((Map<Object, Object>) resolveMerges(base));
            }
            map.forEach((k, v) -> {
                if (!MERGE.equals(k)) {
                    out.put(k, resolveMerges(v));
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(Node::resolveMerges).toList();
        }
        return node;
    }

    @Override
    public String toString() {
        return path;
    }
}
