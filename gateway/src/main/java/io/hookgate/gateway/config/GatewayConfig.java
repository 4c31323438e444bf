package io.hookgate.gateway.config;

import io.hookgate.model.config.EnvReader;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the gateway (ingest and admin) is configured with, validated once at start.
 *
 * @param ingestPort       0 = a free port, shared by all ingest instances
 * @param publicUrl        base of {@code ingestUrl} in responses; null = {@code http://localhost:<ingest port>}
 * @param publishTimeout   how long a webhook may wait for the broker's acknowledgement before 503
 * @param limits           what one process lets clients hold of the ingest port (connections, in-flight
 *                         publishes, timeouts, header sizes)
 * @param producerOverrides extra Kafka producer properties ({@code HOOKGATE_KAFKA_PRODUCER_*}), checked at
 *                         start against Kafka's definitions and the idempotent producer's needs
 */
public record GatewayConfig(
        int ingestPort,
        int adminPort,
        String publicUrl,
        String kafkaBootstrap,
        Duration publishTimeout,
        int ingestInstances,
        int connectionCacheSize,
        Duration connectionCacheOfflineGrace,
        int secretCacheSize,
        int rejectedBurst,
        int rejectedPerSecond,
        boolean accessLog,
        int trustedProxyHops,
        List<String> outboundAllow,
        IngestLimits limits,
        Map<String, String> producerOverrides) {

    public GatewayConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connectionCacheOfflineGrace, "connectionCacheOfflineGrace");
        producerOverrides = Map.copyOf(producerOverrides);
        outboundAllow = List.copyOf(outboundAllow);
        io.hookgate.model.net.IpAllowList.parse(outboundAllow);
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException("HOOKGATE_PUBLIC_URL must be an http(s) URL, was '" + publicUrl + "'");
        }
        ProducerOverrides.validate(producerOverrides, publishTimeout);
        ProducerOverrides.validateComplete(producerConfig(kafkaBootstrap, publishTimeout, producerOverrides));
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
                r.millis("HOOKGATE_CONNECTION_CACHE_OFFLINE_GRACE_MS", 60_000, 0, 3_600_000),
                r.integer("HOOKGATE_SECRET_CACHE_SIZE", 100_000, 100, 10_000_000),
                r.integer("HOOKGATE_REJECTED_BURST", 100, 1, 1_000_000),
                r.integer("HOOKGATE_REJECTED_PER_SECOND", 20, 1, 1_000_000),
                r.bool("HOOKGATE_ACCESS_LOG", true),
                r.integer("HOOKGATE_TRUSTED_PROXY_HOPS", 0, 0, 10),
                r.list("HOOKGATE_OUTBOUND_ALLOW"),
                IngestLimits.fromEnv(env),
                r.properties(ProducerOverrides.PREFIX));
    }

    /**
     * The producer behind every 202: acks from all in-sync replicas, idempotent (no duplicates on retry),
     * and bounded in time so that a missing broker turns into a 503 rather than a hang.
     */
    public Map<String, String> producerConfig() {
        return producerConfig(kafkaBootstrap, publishTimeout, producerOverrides);
    }

    private static Map<String, String> producerConfig(String kafkaBootstrap, Duration publishTimeout,
                                                      Map<String, String> producerOverrides) {
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
        config.put("delivery.timeout.ms", Long.toString(timeout + Long.parseLong(config.get("linger.ms").trim())));
        config.put("max.block.ms", Long.toString(timeout));
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return config;
    }
}
