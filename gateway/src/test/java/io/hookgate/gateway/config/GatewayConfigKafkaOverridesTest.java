package io.hookgate.gateway.config;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's configuration refuses at start what would fail later, naming the variable. */
class GatewayConfigKafkaOverridesTest {

    @Test
    void defaultsBoundEveryIngestResource() {
        IngestLimits limits = GatewayConfig.fromEnv(Map.of(), "localhost:9092").limits();

        assertThat(limits.maxInFlight()).isEqualTo(1000);
        assertThat(limits.maxConnections()).isEqualTo(10_000);
        assertThat(limits.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(limits.maxHeaders()).isEqualTo(100);
        assertThat(limits.maxRequestLineBytes()).isEqualTo(8 * 1024);
        assertThat(limits.maxConcurrentPerConnection()).isEqualTo(4);
        assertThat(limits.organisationRatePerSecond()).as("no default organisation quota").isZero();
    }

    @Test
    void limitsAreReadFromTheirVariables() {
        IngestLimits limits = config(Map.of("HOOKGATE_INGEST_MAX_IN_FLIGHT", "7", "HOOKGATE_INGEST_MAX_CONNECTIONS", "9",
                "HOOKGATE_INGEST_REQUEST_TIMEOUT_MS", "1500", "HOOKGATE_INGEST_IDLE_TIMEOUT_MS", "2500",
                "HOOKGATE_INGEST_MAX_HEADER_BYTES", "4096", "HOOKGATE_INGEST_MAX_HEADERS", "20",
                "HOOKGATE_INGEST_MAX_REQUEST_LINE_BYTES", "1024", "HOOKGATE_INGEST_MAX_CONCURRENT_PER_CONNECTION", "4",
                "HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND", "250")).limits();

        assertThat(limits).isEqualTo(new IngestLimits(7, 9, Duration.ofMillis(1500), Duration.ofMillis(2500), 4096, 20, 1024, 4, 250));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "HOOKGATE_INGEST_MAX_IN_FLIGHT, 0",
            "HOOKGATE_INGEST_MAX_IN_FLIGHT, lots",
            "HOOKGATE_INGEST_MAX_CONNECTIONS, -1",
            "HOOKGATE_INGEST_REQUEST_TIMEOUT_MS, 10",
            "HOOKGATE_INGEST_IDLE_TIMEOUT_MS, 99",
            "HOOKGATE_INGEST_MAX_HEADER_BYTES, 100",
            "HOOKGATE_INGEST_MAX_HEADERS, 5",
            "HOOKGATE_INGEST_MAX_REQUEST_LINE_BYTES, 10000000",
            "HOOKGATE_INGEST_MAX_CONCURRENT_PER_CONNECTION, 0",
            "HOOKGATE_INGEST_MAX_CONCURRENT_PER_CONNECTION, 100001"})
    void outOfRangeLimitsAreRefusedNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(variable);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HOOKGATE_KAFKA_PRODUCER_LINGER_MS | soon | HOOKGATE_KAFKA_PRODUCER_LINGER_MS has an invalid value",
            "HOOKGATE_KAFKA_PRODUCER_LINGER_MS | 5000 | HOOKGATE_KAFKA_PRODUCER_LINGER_MS (5000) must be below HOOKGATE_PUBLISH_TIMEOUT_MS",
            "HOOKGATE_KAFKA_PRODUCER_LINGER_MS | -1 | HOOKGATE_KAFKA_PRODUCER_LINGER_MS has an invalid value",
            "HOOKGATE_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS | 30000 | HOOKGATE_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS (30000) must not exceed HOOKGATE_PUBLISH_TIMEOUT_MS",
            "HOOKGATE_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS | 1.5 | HOOKGATE_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS has an invalid value",
            "HOOKGATE_KAFKA_PRODUCER_RETRIES | 0 | HOOKGATE_KAFKA_PRODUCER_RETRIES must be at least 1",
            "HOOKGATE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION | 6 | HOOKGATE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION must be at most 5",
            "HOOKGATE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION | 0 | HOOKGATE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION has an invalid value",
            "HOOKGATE_KAFKA_PRODUCER_TRANSACTIONAL_ID | hookgate-tx | HOOKGATE_KAFKA_PRODUCER_TRANSACTIONAL_ID cannot be set",
            "HOOKGATE_KAFKA_PRODUCER_ACKS | 1 | HOOKGATE_KAFKA_PRODUCER_ACKS is fixed by Hookgate",
            "HOOKGATE_KAFKA_PRODUCER_ENABLE_IDEMPOTENCE | false | HOOKGATE_KAFKA_PRODUCER_ENABLE_IDEMPOTENCE is fixed by Hookgate",
            "HOOKGATE_KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS | 1000 | HOOKGATE_KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS is fixed by Hookgate",
            "HOOKGATE_KAFKA_PRODUCER_LINGER_MSS | 5 | HOOKGATE_KAFKA_PRODUCER_LINGER_MSS is not a Kafka producer property",
            "HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE | brotli | HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE has an invalid value"})
    void producerOverridesThatWouldCrashTheProducerLaterAreRefusedAtStart(String variable, String value, String message) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void acceptedOverridesMakeAProducerKafkaItselfAccepts() {
        GatewayConfig config = config(Map.of("HOOKGATE_KAFKA_PRODUCER_LINGER_MS", " 20 ",
                "HOOKGATE_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS", "5000", "HOOKGATE_KAFKA_PRODUCER_RETRIES", "3",
                "HOOKGATE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", "5",
                "HOOKGATE_KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4", "HOOKGATE_KAFKA_PRODUCER_BATCH_SIZE", "65536"));
        Map<String, Object> props = new HashMap<>(config.producerConfig());

        assertThat(props).containsEntry("delivery.timeout.ms", "5020").containsEntry("acks", "all");
        // Constructing the real client runs every check Kafka makes (delivery vs linger + request timeout included).
        assertThatCode(() -> new KafkaProducer<>(props).close(Duration.ZERO)).doesNotThrowAnyException();
    }

    private static GatewayConfig config(Map<String, String> env) {
        return GatewayConfig.fromEnv(env, "localhost:9092");
    }
}
