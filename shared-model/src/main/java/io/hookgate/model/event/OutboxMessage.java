package io.hookgate.model.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.Topics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka message decided inside a database transaction: written to the {@code outbox} table in that
 * transaction ({@link #INSERT}), published by the dispatcher's relay after the commit.
 */
public record OutboxMessage(String topic, String key, List<CloudEventsCodec.Header> headers, byte[] payload) {
    /** Parameters: topic, key, headers (jsonb object of name → UTF-8 text), payload (bytea). */
    public static final String INSERT = "INSERT INTO outbox (topic, message_key, headers, payload) VALUES ($1, $2, $3, $4)";

    private static final ObjectMapper JSON = new ObjectMapper();

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        headers = List.copyOf(headers);
        Objects.requireNonNull(payload, "payload");
    }

    /** A platform event for {@code hookgate.events}, keyed by organisation. */
    public static OutboxMessage of(PlatformEvent event) {
        return new OutboxMessage(Topics.EVENTS, event.organisationId(), PlatformEventCodec.headers(event), event.data());
    }

    /** Headers as a JSON object text (name → value), the form the outbox keeps. */
    public String headersJson() {
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach(h -> map.put(h.key(), h.text()));
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map is always serialisable", e);
        }
    }

    public static List<CloudEventsCodec.Header> headersFrom(Map<String, Object> json) {
        return json.entrySet().stream()
                .map(e -> new CloudEventsCodec.Header(e.getKey(), String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
