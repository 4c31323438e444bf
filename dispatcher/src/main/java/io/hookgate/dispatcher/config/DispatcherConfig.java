package io.hookgate.dispatcher.config;

import io.hookgate.model.config.EnvReader;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The dispatcher's settings, validated once.
 *
 * @param consumerOverrides extra Kafka consumer properties ({@code HOOKGATE_KAFKA_CONSUMER_*})
 */
public record DispatcherConfig(
        String kafkaBootstrap,
        String groupId,
        Duration pollTimeout,
        int maxPollRecords,
        Duration retryBackoff,
        Map<String, String> consumerOverrides) {

    /** Offsets are committed by hand after the database commit; these cannot be changed. */
    static final Set<String> PROTECTED = Set.of("enable.auto.commit", "key.deserializer", "value.deserializer",
            "bootstrap.servers", "group.id", "isolation.level");

    public DispatcherConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        consumerOverrides = Map.copyOf(consumerOverrides);
        for (String key : consumerOverrides.keySet()) {
            if (PROTECTED.contains(key)) {
                throw new IllegalArgumentException("Kafka consumer property '" + key + "' is fixed by Hookgate");
            }
        }
    }

    public static DispatcherConfig fromEnv(Map<String, String> env, String kafkaBootstrap) {
        EnvReader r = new EnvReader(env);
        return new DispatcherConfig(
                kafkaBootstrap,
                r.string("HOOKGATE_DISPATCHER_GROUP", "hookgate-dispatcher"),
                r.millis("HOOKGATE_DISPATCHER_POLL_MS", 500, 10, 60_000),
                r.integer("HOOKGATE_DISPATCHER_BATCH", 500, 1, 10_000),
                r.millis("HOOKGATE_DISPATCHER_RETRY_MS", 1000, 10, 600_000),
                r.properties("HOOKGATE_KAFKA_CONSUMER_"));
    }

    public Map<String, String> consumerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", Integer.toString(maxPollRecords));
        config.put("client.id", "hookgate-dispatcher");
        config.putAll(consumerOverrides);
        config.put("bootstrap.servers", kafkaBootstrap);
        config.put("group.id", groupId);
        config.put("enable.auto.commit", "false");
        // Only what a transactional producer committed; our producers are not transactional, so this
        // changes nothing today but keeps the dispatcher correct if one ever is.
        config.put("isolation.level", "read_committed");
        config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return config;
    }

    /** The same consumer settings in another group (the delivery role's event fan-out). */
    public Map<String, String> consumerConfig(String group) {
        Map<String, String> config = consumerConfig();
        config.put("group.id", group);
        config.put("client.id", group);
        return config;
    }

    /** The producer for dead letters, flow commands and events: as durable as the gateway's. */
    public Map<String, String> outputProducerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafkaBootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("client.id", "hookgate-dispatcher");
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return config;
    }
}
