package io.hookgate.deploy;

import io.hookgate.dispatcher.config.DispatcherConfig;
import io.hookgate.gateway.admin.ApiKeys;
import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.model.config.EnvReader;
import io.hookgate.model.crypto.SecretBox;
import io.hookgate.model.db.PgSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The process's configuration, from the environment, validated before anything starts. The module
 * configs are built here too (with the broker's address once it is known) so that a bad value fails at
 * once, naming its variable.
 *
 * @param kafkaBootstrap     external brokers, or null to start the embedded broker
 * @param embeddedKafkaPort  port of the embedded broker (0 = free ports)
 * @param replicationFactor  replication of Hookgate's topics; -1 = the cluster's default
 * @param masterKey          base64 AES-256 key for secrets at rest, or null to use/generate one in the data dir
 * @param managementPort     port of /health, /ready and /metrics for every role (0 = a free port, {@link #MANAGEMENT_OFF} = none)
 * @param livenessStall      how long a loop (dispatcher consumer, delivery worker, event fan-out) may go without
 *                           turning before /health reports it wedged
 */
public record HookgateConfig(
        Set<Role> roles,
        Path dataDir,
        String kafkaBootstrap,
        int embeddedKafkaPort,
        int topicPartitions,
        int replicationFactor,
        PgSettings pg,
        String bootstrapApiKey,
        String masterKey,
        int managementPort,
        Duration livenessStall,
        Map<String, String> env) {

    /** {@link #managementPort()} when the process serves no management port. */
    public static final int MANAGEMENT_OFF = -1;
    /**
     * Longer than any single step a loop awaits while a dependency is down: Kafka's producer gives up on a send
     * after 120 s ({@code delivery.timeout.ms}), its consumer on a commit after 60 s ({@code default.api.timeout.ms}).
     */
    static final long DEFAULT_LIVENESS_STALL_MS = 180_000;
    /** The delivery loops wait up to a second between turns after a failure; well above that. */
    static final Duration MIN_LIVENESS_STALL = Duration.ofSeconds(10);

    public HookgateConfig {
        roles = Set.copyOf(roles);
        env = Map.copyOf(env);
        if (bootstrapApiKey != null && !ApiKeys.isWellFormed(bootstrapApiKey)) {
            throw new IllegalArgumentException(
                    "HOOKGATE_BOOTSTRAP_API_KEY must be hg_test_ or hg_live_ followed by 32-128 of [A-Za-z0-9_-]");
        }
        if (masterKey != null) {
            SecretBox.fromBase64(masterKey);
        }
        if (managementPort < MANAGEMENT_OFF || managementPort > 65_535) {
            throw new IllegalArgumentException("HOOKGATE_MANAGEMENT_PORT must be 0-65535 or off, was " + managementPort);
        }
        if (livenessStall.compareTo(MIN_LIVENESS_STALL) < 0) {
            throw new IllegalArgumentException("HOOKGATE_LIVENESS_STALL_MS must be at least " + MIN_LIVENESS_STALL.toMillis()
                    + ", was " + livenessStall.toMillis());
        }
        // Fail now, not after the broker started, if a module setting is off.
        GatewayConfig gateway = GatewayConfig.fromEnv(env, "validation:9092");
        if (managementPort > 0 && (roles.contains(Role.INGEST) && managementPort == gateway.ingestPort()
                || roles.contains(Role.ADMIN) && managementPort == gateway.adminPort())) {
            throw new IllegalArgumentException("HOOKGATE_MANAGEMENT_PORT " + managementPort + " is also the ingest or admin port");
        }
        DispatcherConfig dispatcher = DispatcherConfig.fromEnv(env, "validation:9092");
        // The consumer loop waits up to a poll and a retry back-off between turns, by design: not a stall.
        Duration dispatcherWaits = dispatcher.pollTimeout().plus(dispatcher.retryBackoff());
        if (roles.contains(Role.DISPATCHER) && livenessStall.compareTo(dispatcherWaits.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("HOOKGATE_LIVENESS_STALL_MS (" + livenessStall.toMillis()
                    + ") must be at least twice HOOKGATE_DISPATCHER_POLL_MS + HOOKGATE_DISPATCHER_RETRY_MS ("
                    + dispatcherWaits.toMillis() + ")");
        }
        io.hookgate.dispatcher.outbound.DeliveryConfig.fromEnv(env, "validation:9092");
    }

    public static HookgateConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new HookgateConfig(
                Role.parse(r.string("HOOKGATE_ROLES", "ingest,admin,dispatcher,delivery")),
                Path.of(r.string("HOOKGATE_DATA_DIR", "./data")),
                r.string("HOOKGATE_KAFKA_BOOTSTRAP", null),
                r.integer("HOOKGATE_EMBEDDED_KAFKA_PORT", 9092, 0, 65534),
                r.integer("HOOKGATE_KAFKA_PARTITIONS", 6, 1, 10_000),
                r.integer("HOOKGATE_KAFKA_REPLICATION_FACTOR", -1, -1, 32),
                PgSettings.fromEnv(env),
                r.string("HOOKGATE_BOOTSTRAP_API_KEY", null),
                r.string("HOOKGATE_MASTER_KEY", null),
                managementPort(r),
                r.millis("HOOKGATE_LIVENESS_STALL_MS", DEFAULT_LIVENESS_STALL_MS, MIN_LIVENESS_STALL.toMillis(), 3_600_000),
                env);
    }

    /** {@code HOOKGATE_MANAGEMENT_PORT}: a port, 0 for a free one, or {@code off}. */
    private static int managementPort(EnvReader r) {
        String raw = r.string("HOOKGATE_MANAGEMENT_PORT", null);
        if (raw != null && raw.toLowerCase(Locale.ROOT).equals("off")) {
            return MANAGEMENT_OFF;
        }
        return r.integer("HOOKGATE_MANAGEMENT_PORT", 9091, 0, 65_535);
    }

    public boolean servesManagement() {
        return managementPort != MANAGEMENT_OFF;
    }

    public GatewayConfig gateway(String bootstrap) {
        return GatewayConfig.fromEnv(env, bootstrap);
    }

    public DispatcherConfig dispatcher(String bootstrap) {
        return DispatcherConfig.fromEnv(env, bootstrap);
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "HookgateConfig[roles=" + roles + ", dataDir=" + dataDir + ", kafka="
                + (kafkaBootstrap == null ? "embedded:" + embeddedKafkaPort : kafkaBootstrap) + ", pg=" + pg
                + ", bootstrapApiKey=" + (bootstrapApiKey == null ? "unset" : "***")
                + ", masterKey=" + (masterKey == null ? "from data dir" : "***")
                + ", management=" + (servesManagement() ? managementPort : "off") + "]";
    }
}
