package io.hookgate.gateway.config;

import io.hookgate.model.config.EnvReader;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the gateway (ingest and admin) is configured with, validated once at start.
 *
 * @param ingestPort       0 = a free port, shared by all ingest instances
 * @param publicUrl        base of {@code ingestUrl} in responses; null = {@code http://localhost:<ingest port>}
 * @param publishTimeout   how long a webhook may wait for the broker's acknowledgement before 503
 * @param producerOverrides extra Kafka producer properties ({@code HOOKGATE_KAFKA_PRODUCER_*})
 */
public record GatewayConfig(
        int ingestPort,
        int adminPort,
        String publicUrl,
        String kafkaBootstrap,
        Duration publishTimeout,
        int ingestInstances,
        int connectionCacheSize,
        int secretCacheSize,
        int rejectedBurst,
        int rejectedPerSecond,
        boolean accessLog,
        int trustedProxyHops,
        List<String> outboundAllow,
        Map<String, String> producerOverrides) {

    /** Properties that carry the durability promise (202 = durable in Kafka) and cannot be overridden. */
    static final Set<String> PROTECTED = Set.of("acks", "enable.idempotence", "key.serializer", "value.serializer",
            "bootstrap.servers", "delivery.timeout.ms", "max.block.ms");

    public GatewayConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        producerOverrides = Map.copyOf(producerOverrides);
        outboundAllow = List.copyOf(outboundAllow);
        io.hookgate.model.net.IpAllowList.parse(outboundAllow);
        for (String key : producerOverrides.keySet()) {
            if (PROTECTED.contains(key)) {
                throw new IllegalArgumentException("Kafka producer property '" + key + "' is fixed by Hookgate");
            }
        }
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException("HOOKGATE_PUBLIC_URL must be an http(s) URL, was '" + publicUrl + "'");
        }
    }

    public static GatewayConfig fromEnv(Map<String, String> env, String kafkaBootstrap) {
        EnvReader r = new EnvReader(env);
        String publicUrl = r.string("HOOKGATE_PUBLIC_URL", null);
        return new GatewayConfig(
                r.integer("HOOKGATE_INGEST_PORT", 8080, 0, 65535),
                r.integer("HOOKGATE_ADMIN_PORT", 8081, 0, 65535),
                publicUrl == null ? null : publicUrl.replaceAll("/+$", ""),
                kafkaBootstrap,
                r.millis("HOOKGATE_PUBLISH_TIMEOUT_MS", 5000, 500, 120_000),
                r.integer("HOOKGATE_INGEST_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 256),
                r.integer("HOOKGATE_CONNECTION_CACHE_SIZE", 100_000, 100, 10_000_000),
                r.integer("HOOKGATE_SECRET_CACHE_SIZE", 100_000, 100, 10_000_000),
                r.integer("HOOKGATE_REJECTED_BURST", 100, 1, 1_000_000),
                r.integer("HOOKGATE_REJECTED_PER_SECOND", 20, 1, 1_000_000),
                r.bool("HOOKGATE_ACCESS_LOG", true),
                r.integer("HOOKGATE_TRUSTED_PROXY_HOPS", 0, 0, 10),
                r.list("HOOKGATE_OUTBOUND_ALLOW"),
                r.properties("HOOKGATE_KAFKA_PRODUCER_"));
    }

    /**
     * The producer behind every 202: acks from all in-sync replicas, idempotent (no duplicates on retry),
     * and bounded in time so that a missing broker turns into a 503 rather than a hang.
     */
    public Map<String, String> producerConfig() {
        long timeout = publishTimeout.toMillis();
        Map<String, String> config = new HashMap<>();
        config.put("linger.ms", "1");
        config.put("request.timeout.ms", Long.toString(Math.max(250, timeout - 250)));
        config.put("max.request.size", "2097152");
        config.put("client.id", "hookgate-gateway");
        config.putAll(producerOverrides);
        config.put("bootstrap.servers", kafkaBootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("delivery.timeout.ms", Long.toString(timeout + Long.parseLong(config.get("linger.ms"))));
        config.put("max.block.ms", Long.toString(timeout));
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return config;
    }
}
