package io.hookgate.deploy.faults;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.Sink;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.topology.InboundPartitions;
import io.hookgate.deploy.topology.KafkaBrokerProcess;
import io.hookgate.deploy.topology.Topology;
import io.hookgate.deploy.topology.TopologyDatabase;
import io.hookgate.deploy.topology.Traffic;
import io.hookgate.gateway.admin.ApiKeys;
import io.hookgate.model.Environment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9: a webhook that got 202 is never lost and never processed twice, whatever breaks while traffic flows.
 * Separate processes from {@code hookgate.jar} (two gateways, three dispatchers, admin with the outbound worker),
 * a Kafka broker JVM and a PostgreSQL cluster of the suite's own; each {@link Fault} is injected
 * {@code -Dfaults.repetitions} times (10) at random moments ({@code -Dfaults.seed} replays a run) under steady
 * traffic, then every acknowledged webhook is audited: once on Kafka, once in history, one flow run, its
 * flow.started delivered to a deduplicating sink. The table goes to stdout and {@code target/faults/report.md};
 * logs to {@code target/faults/topology/logs}.
 */
class FaultSuiteIT {
    private static final int REPETITIONS = Integer.getInteger("faults.repetitions", 10);
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());
    /** {@code -Dfaults.only=BROKER_KILL,BROKER_STALL} runs only these faults (the others are skipped). */
    private static final String ONLY = System.getProperty("faults.only", "");
    private static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(1000);
    /** What an answer during an outage may take beyond the publish timeout before it counts as a hang. */
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(3);
    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final int PARTITIONS = 4;
    private static final int SESSION_TIMEOUT_MS = 2000;
    private static final String SINK_PATH = "/flow-events";
    private static final String API_KEY = ApiKeys.generate(Environment.TEST);
    private static final Path OUT = Path.of("target", "faults");

    private static final FaultReport REPORT = new FaultReport(SEED);
    private static final Random RANDOM = new Random(SEED);
    private static PostgresCluster postgres;
    private static Topology topology;
    private static Sink sink;
    private static List<String> connections;

    @BeforeAll
    static void start() {
        System.out.printf("Fault suite: seed %d (replay with -Dfaults.seed=%d), %d repetitions per fault%n", SEED, SEED, REPETITIONS);
        sink = new Sink();
        postgres = PostgresCluster.start("hookgate-faults-pg");
        TopologyDatabase database = new TopologyDatabase(postgres.settings(TestDatabase.NAME + "_faults"));
        topology = new Topology(Topology.builtJar(), OUT.resolve("topology"), database);
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, Map<String, String>> extra = new LinkedHashMap<>();
        for (String gateway : FaultInjector.GATEWAYS) {
            roles.put(gateway, "ingest");
            // A fixed port, as behind a load balancer: the restarted gateway comes back where the traffic goes.
            extra.put(gateway, Map.of("HOOKGATE_INGEST_PORT", Integer.toString(KafkaBrokerProcess.freePort())));
        }
        FaultInjector.DISPATCHERS.forEach(dispatcher -> roles.put(dispatcher, "dispatcher"));
        roles.put("admin", "admin,delivery");
        extra.put("admin", Map.of("HOOKGATE_BOOTSTRAP_API_KEY", API_KEY));
        topology.start(roles, environment(), extra, SESSION_TIMEOUT_MS);
        connections = flowTriggeringConnections(new Http.Admin(topology.process("admin").adminPort().orElseThrow(), API_KEY));
    }

    @AfterAll
    static void stop() {
        try {
            String table = REPORT.markdown();
            System.out.println(table);
            REPORT.write(OUT.resolve("report.md"));
        } finally {
            if (topology != null) {
                topology.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (sink != null) {
                sink.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void acknowledgedWebhooksAreProcessedExactlyOnceThroughRepeatedFaults(Fault fault) {
        assumeTrue(ONLY.isBlank() || List.of(ONLY.split(",")).contains(fault.name()), "-Dfaults.only=" + ONLY);
        Probe probe = new Probe(connections, "probe-" + fault + "-" + SEED + "-");
        FaultInjector injector = new FaultInjector(topology, postgres, probe, RANDOM, PUBLISH_TIMEOUT);
        probe.awaitAccepted(injector.gatewayPorts(), Duration.ofSeconds(30));
        List<FaultInjector.Injection> injections = new ArrayList<>();
        Traffic traffic = Traffic.steady(injector.gatewayPorts(), connections, fault + "-" + SEED + "-", 2, Duration.ofMillis(40));
        List<String> acknowledged = new ArrayList<>();
        List<String> fromTraffic = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < REPETITIONS; i++) {
                injections.add(injector.inject(fault, i));
            }
        } finally {
            fromTraffic.addAll(traffic.finish(Duration.ofSeconds(30)));
            acknowledged.addAll(fromTraffic);
            acknowledged.addAll(probe.accepted());
            injector.awaitRestarts();
        }
        long injectedMs = (System.nanoTime() - started) / 1_000_000;

        Audit.Tally tally = new Audit(topology.database(), topology.broker().bootstrap(), sink, SINK_PATH).of(acknowledged, SETTLE);
        long auditedMs = (System.nanoTime() - started) / 1_000_000 - injectedMs;
        List<Long> recoveries = injections.stream().map(i -> i.recovery().join().toMillis()).toList();
        long maxRecoveryMs = recoveries.stream().mapToLong(Long::longValue).max().orElse(0);
        REPORT.add(new FaultReport.Row(fault, injections.size(), tally.acknowledged(), tally.lost().size(), tally.duplicated().size(), maxRecoveryMs));
        System.out.printf("%s: %d injections in %d ms (audit %d ms), %d acknowledged, %d lost, %d duplicated, recoveries %s ms%n", fault,
                injections.size(), injectedMs, auditedMs, tally.acknowledged(), tally.lost().size(), tally.duplicated().size(), recoveries);

        Map<Integer, Long> failures = traffic.failures().stream().collect(Collectors.groupingBy(Traffic.Failure::status, TreeMap::new, Collectors.counting()));
        System.out.printf("%s: traffic answers other than 202 by status (-1: none) %s, e.g. %s%n", fault, failures,
                traffic.failures().stream().limit(3).toList());
        assertThat(fromTraffic).as("202s of the steady traffic, or the faults were injected into nothing").isNotEmpty();
        assertThat(tally.findings()).as("acknowledged webhooks lost or processed twice").isEmpty();
        assertThat(traffic.failures()).as("answers other than 202 under %s", fault).allSatisfy(failure -> {
            assertThat(failure.detail()).as("no request hangs").doesNotContain("HttpTimeoutException");
            if (failure.status() >= 0 || fault != Fault.GATEWAY_KILL) {
                assertThat(failure.status()).as(failure.toString()).isEqualTo(503);
            }
        });
        if (fault.takesTheBrokerAway()) {
            List<Probe.Answer> outage = injections.stream().flatMap(i -> i.outageAnswers().stream()).toList();
            assertThat(outage).as("answers while the broker was away").hasSizeGreaterThanOrEqualTo(REPETITIONS)
                    .allSatisfy(answer -> {
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                        assertThat(answer.millis()).as(answer.toString()).isLessThanOrEqualTo(PUBLISH_TIMEOUT.plus(ANSWER_SLACK).toMillis());
                    });
            assertThat(maxRecoveryMs).as("202 again after the broker returned, ms").isLessThanOrEqualTo(RECOVERY_TARGET.toMillis());
        }
    }

    /** Short timeouts everywhere, so that each repetition is seconds, not minutes. */
    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOOKGATE_ADMIN_PORT", "0");
        env.put("HOOKGATE_INGEST_INSTANCES", "1");
        env.put("HOOKGATE_ACCESS_LOG", "false");
        env.put("HOOKGATE_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("HOOKGATE_PUBLISH_TIMEOUT_MS", Long.toString(PUBLISH_TIMEOUT.toMillis()));
        env.put("HOOKGATE_DISPATCHER_POLL_MS", "100");
        env.put("HOOKGATE_DISPATCHER_RETRY_MS", "200");
        env.put("HOOKGATE_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS));
        env.put("HOOKGATE_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "500");
        env.put("HOOKGATE_OUTBOUND_ALLOW", "127.0.0.1/32");
        env.put("HOOKGATE_OUTBOUND_TIMEOUT_MS", "2000");
        env.put("HOOKGATE_OUTBOUND_LEASE_MS", "7000");
        env.put("HOOKGATE_OUTBOUND_RETRY_BASE_MS", "200");
        env.put("HOOKGATE_OUTBOUND_RETRY_FACTOR", "2");
        env.put("HOOKGATE_OUTBOUND_RETRY_CAP_MS", "2000");
        env.put("HOOKGATE_OUTBOUND_MAX_RETRIES_TEST", "20");
        return env;
    }

    /**
     * Connections on every inbound partition (so both dispatchers work), each with a trigger that starts a run
     * of one flow per webhook, and an endpoint that receives every {@code flow.*} event at the sink.
     */
    private static List<String> flowTriggeringConnections(Http.Admin admin) {
        String flow = created(admin.post("/api/v1/flows", new JsonObject().put("name", "Fault suite"))).getString("id");
        AtomicInteger n = new AtomicInteger();
        List<String> ids = InboundPartitions.covered(PARTITIONS, () -> created(admin.post("/api/v1/connections",
                new JsonObject().put("name", "Faults " + n.incrementAndGet()).put("auth", new JsonObject().put("mode", "NONE")))).getString("id"));
        for (String id : ids) {
            created(admin.post("/api/v1/connections/" + id + "/triggers", new JsonObject().put("flowId", flow).put("action", "START")));
        }
        created(admin.post("/api/v1/webhooks", new JsonObject().put("url", sink.url(SINK_PATH)).put("events", new JsonArray().add("flow.*"))));
        return ids;
    }

    private static JsonObject created(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }
}
