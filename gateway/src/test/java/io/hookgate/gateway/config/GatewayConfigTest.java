package io.hookgate.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {
    private static final IngestLimits LIMITS = IngestLimits.fromEnv(Map.of());
    private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092";

    private static GatewayConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return GatewayConfig.fromEnv(env, BOOTSTRAP);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayConfig c = config();

        assertThat(c.ingestPort()).isEqualTo(8080);
        assertThat(c.adminPort()).isEqualTo(8081);
        assertThat(c.publicUrl()).isNull();
        assertThat(c.kafkaBootstrap()).isEqualTo(BOOTSTRAP);
        assertThat(c.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.ingestInstances()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.connectionCacheSize()).isEqualTo(100_000);
        assertThat(c.secretCacheSize()).isEqualTo(100_000);
        assertThat(c.rejectedBurst()).isEqualTo(100);
        assertThat(c.rejectedPerSecond()).isEqualTo(20);
        assertThat(c.accessLog()).isTrue();
        assertThat(c.trustedProxyHops()).isZero();
        assertThat(c.outboundAllow()).isEmpty();
        assertThat(c.producerOverrides()).isEmpty();
    }

    @Test
    void everyVariableIsRead() {
        GatewayConfig c = config(
                "HOOKGATE_INGEST_PORT", "0",
                "HOOKGATE_ADMIN_PORT", "9001",
                "HOOKGATE_PUBLIC_URL", "https://hooks.example.com",
                "HOOKGATE_PUBLISH_TIMEOUT_MS", "1500",
                "HOOKGATE_INGEST_INSTANCES", "3",
                "HOOKGATE_CONNECTION_CACHE_SIZE", "500",
                "HOOKGATE_CONNECTION_CACHE_OFFLINE_GRACE_MS", "0",
                "HOOKGATE_SECRET_CACHE_SIZE", "600",
                "HOOKGATE_REJECTED_BURST", "7",
                "HOOKGATE_REJECTED_PER_SECOND", "2",
                "HOOKGATE_ACCESS_LOG", "false",
                "HOOKGATE_TRUSTED_PROXY_HOPS", "2",
                "HOOKGATE_OUTBOUND_ALLOW", "10.0.0.0/8, 192.168.1.5",
                "HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd");

        assertThat(c).isEqualTo(new GatewayConfig(0, 9001, "https://hooks.example.com", BOOTSTRAP, Duration.ofMillis(1500), 3,
                500, Duration.ZERO, 600, 7, 2, false, 2, List.of("10.0.0.0/8", "192.168.1.5"), IngestLimits.fromEnv(Map.of()), Map.of("compression.type", "zstd")));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
            "HOOKGATE_INGEST_PORT          | 65536   | HOOKGATE_INGEST_PORT must be between 0 and 65535",
            "HOOKGATE_INGEST_PORT          | -1      | HOOKGATE_INGEST_PORT must be between 0 and 65535",
            "HOOKGATE_INGEST_PORT          | http    | HOOKGATE_INGEST_PORT must be a whole number",
            "HOOKGATE_ADMIN_PORT           | 70000   | HOOKGATE_ADMIN_PORT must be between 0 and 65535",
            "HOOKGATE_PUBLISH_TIMEOUT_MS   | 499     | HOOKGATE_PUBLISH_TIMEOUT_MS must be between 500 and 120000",
            "HOOKGATE_CONNECTION_CACHE_OFFLINE_GRACE_MS | -1 | HOOKGATE_CONNECTION_CACHE_OFFLINE_GRACE_MS must be between 0 and 3600000",
            "HOOKGATE_PUBLISH_TIMEOUT_MS   | 120001  | HOOKGATE_PUBLISH_TIMEOUT_MS must be between 500 and 120000",
            "HOOKGATE_PUBLISH_TIMEOUT_MS   | 5s      | HOOKGATE_PUBLISH_TIMEOUT_MS must be a whole number",
            "HOOKGATE_INGEST_INSTANCES     | 0       | HOOKGATE_INGEST_INSTANCES must be between 1 and 256",
            "HOOKGATE_INGEST_INSTANCES     | 257     | HOOKGATE_INGEST_INSTANCES must be between 1 and 256",
            "HOOKGATE_CONNECTION_CACHE_SIZE | 99     | HOOKGATE_CONNECTION_CACHE_SIZE must be between 100 and 10000000",
            "HOOKGATE_SECRET_CACHE_SIZE    | 10000001 | HOOKGATE_SECRET_CACHE_SIZE must be between 100 and 10000000",
            "HOOKGATE_REJECTED_BURST       | 0       | HOOKGATE_REJECTED_BURST must be between 1 and 1000000",
            "HOOKGATE_REJECTED_PER_SECOND  | 0       | HOOKGATE_REJECTED_PER_SECOND must be between 1 and 1000000",
            "HOOKGATE_ACCESS_LOG           | maybe   | HOOKGATE_ACCESS_LOG must be true or false",
            "HOOKGATE_TRUSTED_PROXY_HOPS   | 11      | HOOKGATE_TRUSTED_PROXY_HOPS must be between 0 and 10",
            "HOOKGATE_TRUSTED_PROXY_HOPS   | -1      | HOOKGATE_TRUSTED_PROXY_HOPS must be between 0 and 10",
            "HOOKGATE_PUBLIC_URL           | ftp://hooks.example.com | HOOKGATE_PUBLIC_URL must be an http(s) URL",
            "HOOKGATE_PUBLIC_URL           | hooks.example.com       | HOOKGATE_PUBLIC_URL must be an http(s) URL",
            "HOOKGATE_PUBLIC_URL           | https://hooks example.com | HOOKGATE_PUBLIC_URL must be an http(s) URL",
            "HOOKGATE_PUBLIC_URL           | https:///               | HOOKGATE_PUBLIC_URL must be an http(s) URL"})
    void aBadValueStopsStartWithTheVariablesName(String variable, String value, String message) {
        assertThatThrownBy(() -> config(variable, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void trailingSlashesOfThePublicUrlAreDropped() {
        assertThat(config("HOOKGATE_PUBLIC_URL", "https://hooks.example.com/base///").publicUrl())
                .isEqualTo("https://hooks.example.com/base");
        assertThat(config("HOOKGATE_PUBLIC_URL", "http://localhost:8080/").publicUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void anOutboundAllowEntryThatIsNotAnAddressStopsStart() {
        assertThatThrownBy(() -> config("HOOKGATE_OUTBOUND_ALLOW", "10.0.0.0/8,intranet.local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intranet.local");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ACKS", "ENABLE_IDEMPOTENCE", "KEY_SERIALIZER", "VALUE_SERIALIZER", "BOOTSTRAP_SERVERS",
            "DELIVERY_TIMEOUT_MS", "MAX_BLOCK_MS"})
    void theDurabilitySettingsCannotBeOverridden(String suffix) {
        String property = suffix.toLowerCase(java.util.Locale.ROOT).replace('_', '.');

        assertThatThrownBy(() -> config("HOOKGATE_KAFKA_PRODUCER_" + suffix, "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage().contains(property) || e.getMessage().contains("HOOKGATE_KAFKA_PRODUCER_" + suffix))
                        .as("'%s' names the property or its variable", e.getMessage()).isTrue());
    }

    @Test
    void theProducerAcknowledgesFromAllReplicasIdempotentlyWithinThePublishTimeout() {
        Map<String, String> p = config("HOOKGATE_PUBLISH_TIMEOUT_MS", "5000").producerConfig();

        assertThat(p).containsEntry("bootstrap.servers", BOOTSTRAP)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("max.block.ms", "5000")
                .containsEntry("request.timeout.ms", "4750")
                .containsEntry("linger.ms", "1")
                .containsEntry("delivery.timeout.ms", "5001")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
                .containsEntry("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    }

    @ParameterizedTest(name = "publish timeout {0} ms")
    @ValueSource(ints = {500, 501, 750, 5000, 120_000})
    void theDeliveryTimeoutCoversLingerPlusRequestTimeoutAsKafkaRequires(int timeoutMs) {
        Map<String, String> p = config("HOOKGATE_PUBLISH_TIMEOUT_MS", Integer.toString(timeoutMs)).producerConfig();

        long delivery = Long.parseLong(p.get("delivery.timeout.ms"));
        long linger = Long.parseLong(p.get("linger.ms"));
        long request = Long.parseLong(p.get("request.timeout.ms"));
        assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
        assertThat(request).isGreaterThanOrEqualTo(250).isLessThan(timeoutMs + 1L);
        assertThat(p.get("max.block.ms")).isEqualTo(Integer.toString(timeoutMs));
    }

    @Test
    void otherProducerPropertiesPassThroughAndLingerStretchesTheDeliveryTimeout() {
        Map<String, String> p = config(
                "HOOKGATE_KAFKA_PRODUCER_LINGER_MS", "20",
                "HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4",
                "HOOKGATE_KAFKA_PRODUCER_CLIENT_ID", "edge-7").producerConfig();

        assertThat(p).containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "lz4")
                .containsEntry("client.id", "edge-7")
                .containsEntry("delivery.timeout.ms", "5020")
                .containsEntry("acks", "all");
    }

    @Test
    void constructingDirectlyEnforcesTheSameRules() {
        assertThatThrownBy(() -> new GatewayConfig(8080, 8081, null, BOOTSTRAP, Duration.ofSeconds(5), 1, 100, Duration.ofMinutes(1), 100, 1, 1, true, 0,
                List.of(), LIMITS, Map.of("acks", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayConfig(8080, 8081, "file:///x", BOOTSTRAP, Duration.ofSeconds(5), 1, 100, Duration.ofMinutes(1), 100, 1, 1,
                true, 0, List.of(), LIMITS, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayConfig(8080, 8081, null, null, Duration.ofSeconds(5), 1, 100, Duration.ofMinutes(1), 100, 1, 1, true, 0,
                List.of(), LIMITS, Map.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theConfigCannotBeChangedAfterValidation() {
        GatewayConfig c = config("HOOKGATE_KAFKA_PRODUCER_LINGER_MS", "5", "HOOKGATE_OUTBOUND_ALLOW", "10.0.0.0/8");

        assertThatThrownBy(() -> c.producerOverrides().put("acks", "0")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.outboundAllow().add("0.0.0.0/0")).isInstanceOf(UnsupportedOperationException.class);
    }
}
