package io.hookgate.gateway.config;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code HOOKGATE_KAFKA_PRODUCER_*} at start, against Kafka's own definition of each property and
 * against what the durable, idempotent producer behind every 202 needs, so that a bad value stops the
 * process naming its variable instead of crashing the producer (or every publish) later.
 */
final class ProducerOverrides {
    static final String PREFIX = "HOOKGATE_KAFKA_PRODUCER_";
    /** Properties that carry the durability promise (202 = durable in Kafka) and cannot be overridden. */
    static final Set<String> PROTECTED = Set.of("acks", "enable.idempotence", "key.serializer", "value.serializer",
            "bootstrap.servers", "delivery.timeout.ms", "max.block.ms");
    /** Idempotent producers keep ordering and exactly-once per partition only with at most 5 requests in flight. */
    private static final int MAX_IN_FLIGHT_WITH_IDEMPOTENCE = 5;

    private ProducerOverrides() {
    }

    /** The variable a property came from: {@code linger.ms} → {@code HOOKGATE_KAFKA_PRODUCER_LINGER_MS}. */
    static String variable(String property) {
        return PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** @throws IllegalArgumentException naming the variable of the first override the producer could not live with */
    static void validate(Map<String, String> overrides, Duration publishTimeout) {
        Map<String, ConfigDef.ConfigKey> known = ProducerConfig.configDef().configKeys();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String property = e.getKey();
            if (PROTECTED.contains(property)) {
                throw refused(property, "is fixed by Hookgate (acks=all, idempotence and the publish timeout make a 202 durable)");
            }
            if (property.equals("transactional.id")) {
                throw refused(property, "cannot be set: the ingest producer is idempotent, not transactional, and would refuse every send");
            }
            ConfigDef.ConfigKey key = known.get(property);
            if (key == null) {
                throw refused(property, "is not a Kafka producer property (a misspelt setting would be silently ignored)");
            }
            try {
                Object parsed = ConfigDef.parseType(property, e.getValue(), key.type);
                if (key.validator != null) {
                    key.validator.ensureValid(property, parsed);
                }
            } catch (ConfigException invalid) {
                // Password-typed properties accept any text, so a value repeated here is never a secret.
                throw refused(property, "has an invalid value '" + e.getValue() + "' (" + key.type + " expected)");
            }
        }
        long publishMs = publishTimeout.toMillis();
        long linger = number(overrides, "linger.ms", 0);
        if (linger >= publishMs) {
            throw refused("linger.ms", "(" + linger + ") must be below HOOKGATE_PUBLISH_TIMEOUT_MS (" + publishMs
                    + "), or every publish would time out waiting for its batch");
        }
        long requestTimeout = number(overrides, "request.timeout.ms", 0);
        if (requestTimeout > publishMs) {
            throw refused("request.timeout.ms", "(" + requestTimeout + ") must not exceed HOOKGATE_PUBLISH_TIMEOUT_MS (" + publishMs
                    + "): Kafka needs delivery.timeout.ms (publish timeout + linger.ms) >= linger.ms + request.timeout.ms");
        }
        if (overrides.containsKey("retries") && number(overrides, "retries", 1) < 1) {
            throw refused("retries", "must be at least 1: the idempotent producer refuses retries=0");
        }
        if (number(overrides, "max.in.flight.requests.per.connection", 1) > MAX_IN_FLIGHT_WITH_IDEMPOTENCE) {
            throw refused("max.in.flight.requests.per.connection", "must be at most " + MAX_IN_FLIGHT_WITH_IDEMPOTENCE
                    + " with the idempotent producer");
        }
    }

    /** The whole producer configuration, as Kafka itself checks it; anything left is named by its property. */
    static void validateComplete(Map<String, String> config) {
        try {
            new ProducerConfig(Map.copyOf(config));
        } catch (ConfigException invalid) {
            throw new IllegalArgumentException("Kafka producer settings (" + PREFIX + "*) are inconsistent: " + invalid.getMessage());
        }
    }

    private static long number(Map<String, String> overrides, String property, long fallback) {
        String raw = overrides.get(property);
        return raw == null ? fallback : Long.parseLong(raw.trim());
    }

    private static IllegalArgumentException refused(String property, String why) {
        return new IllegalArgumentException(variable(property) + " " + why);
    }
}
