package io.hookgate.deploy.topology;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.gateway.admin.ApiKeys;
import io.hookgate.model.Environment;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hookgate scaled out as separate processes from {@code hookgate.jar} (failsafe runs this after package): a
 * Kafka broker JVM, two gateways ({@code ingest}), two dispatchers and an admin, sharing one database. The
 * tests run in order on the one topology; the last two take processes down. Logs: target/topology/logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {
    private static final String API_KEY = ApiKeys.generate(Environment.TEST);
    private static final int PARTITIONS = 4;
    /** The dispatchers' consumer session: a killed dispatcher's partitions move after this long. */
    private static final int SESSION_TIMEOUT_MS = 3000;
    private static final String DISPATCHER_GROUP = "hookgate-dispatcher";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static Topology topology;
    private static Http.Admin admin;

    @BeforeAll
    static void start() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("gateway-1", "ingest");
        roles.put("gateway-2", "ingest");
        roles.put("dispatcher-1", "dispatcher");
        roles.put("dispatcher-2", "dispatcher");
        roles.put("admin", "admin");
        Map<String, String> env = Map.of(
                "HOOKGATE_INGEST_PORT", "0",
                "HOOKGATE_ADMIN_PORT", "0",
                "HOOKGATE_INGEST_INSTANCES", "1",
                "HOOKGATE_KAFKA_PARTITIONS", Integer.toString(PARTITIONS),
                "HOOKGATE_DISPATCHER_POLL_MS", "100",
                "HOOKGATE_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS),
                "HOOKGATE_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "500");
        topology = new Topology(Topology.builtJar(), Path.of("target", "topology"), new TopologyDatabase(TestDatabase.NAME + "_topology"));
        topology.start(roles, env, Map.of("admin", Map.of("HOOKGATE_BOOTSTRAP_API_KEY", API_KEY)), SESSION_TIMEOUT_MS);
        admin = new Http.Admin(topology.process("admin").adminPort().orElseThrow(), API_KEY);
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    @Order(1)
    void eachProcessServesHealthAndReadinessOnlyOnItsRolesPorts() {
        for (String name : List.of("gateway-1", "gateway-2")) {
            HookgateProcess gateway = topology.process(name);
            assertThat(gateway.adminPort()).as(name + " admin port").isEmpty();
            assertServesHealthAndReady(name, gateway.ingestPort().orElseThrow());
        }
        HookgateProcess adminProcess = topology.process("admin");
        assertThat(adminProcess.ingestPort()).as("admin's ingest port").isEmpty();
        assertServesHealthAndReady("admin", adminProcess.adminPort().orElseThrow());
        for (String name : List.of("dispatcher-1", "dispatcher-2")) {
            assertThat(topology.process(name).ingestPort()).as(name + " ingest port").isEmpty();
            assertThat(topology.process(name).adminPort()).as(name + " admin port").isEmpty();
        }
    }

    @Test
    @Order(1)
    void dispatchersServeHealthReadinessAndTheirMetricsOnTheManagementPort() {
        for (String name : List.of("dispatcher-1", "dispatcher-2")) {
            int management = topology.process(name).managementPort().orElseThrow();
            // Ready means its consumer joined the group, and Kafka and PostgreSQL answer.
            assertServesHealthAndReady(name + " management", management);
            assertThat(new Http.Admin(management, null).get("/metrics").body()).as(name + " /metrics")
                    .contains("hookgate_dispatcher_batch_latency_seconds").contains("client_id=\"hookgate-dispatcher\"");
        }
    }

    @Test
    @Order(2)
    void webhooksSpreadOverBothGatewaysAreEachInHistoryExactlyOnce() {
        Traffic traffic = Traffic.start(gatewayPorts(), connectionsOnEveryPartition("Topology spread"), "spread-" + RUN + "-", 200, 4);
        List<String> accepted = traffic.complete(Duration.ofSeconds(60));

        assertThat(traffic.failures()).isEmpty();
        assertThat(accepted).hasSize(200);
        assertThat(traffic.acceptedByGateway()).as("202s per gateway").hasSize(2).allSatisfy((port, n) -> assertThat(n).isEqualTo(100));
        assertExactlyOnceInHistory(accepted, Duration.ofSeconds(20));
        Http.Reply row = admin.get("/api/v1/requests/" + accepted.getFirst());
        assertThat(row.status()).as(row.body()).isEqualTo(200);
        assertThat(row.json().getString("outcome")).isEqualTo("ACCEPTED");
    }

    @Test
    @Order(3)
    void connectionDeletedThroughAdminAnswers404OnBothGatewaysWithinASecond() {
        String connectionId = createConnection("Topology delete");
        for (int port : gatewayPorts()) {
            // Each gateway now holds the connection in its cache: the delete has to reach it.
            assertThat(post(port, connectionId)).as("gateway " + port + " before the delete").isEqualTo(202);
        }

        Http.Reply deleted = admin.delete("/api/v1/connections/" + connectionId);
        assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
        long deletedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> gatewayPorts().stream().allMatch(port -> post(port, connectionId) == 404));
        assertThat(Duration.ofNanos(System.nanoTime() - deletedAt)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @Order(4)
    void killingADispatcherMidTrafficLosesAndDoublesNothing() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(DispatcherGroup.assignments(topology.broker(), DISPATCHER_GROUP))
                .as("both dispatchers hold partitions of " + Topics.INBOUND).hasSize(2)
                .allSatisfy((member, partitions) -> assertThat(partitions).anyMatch(p -> p.topic().equals(Topics.INBOUND))));
        // Traffic on every partition: whichever partitions the victim holds, it dies while records for them keep coming.
        List<String> connections = connectionsOnEveryPartition("Topology crash");
        HookgateProcess victim = topology.process("dispatcher-1");
        List<String> accepted;
        try (Traffic traffic = Traffic.start(gatewayPorts(), connections, "crash-" + RUN + "-", 3000, 4)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acceptedCount() >= 150);
            victim.process().kill();
            assertThat(victim.process().awaitExit(Duration.ofSeconds(10))).as("SIGKILL exit code").contains(137);
            int atKill = traffic.acceptedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acceptedCount() >= atKill + 300);
            accepted = traffic.finish(Duration.ofSeconds(30));
            assertThat(traffic.failures()).as("the gateways never depend on a dispatcher").isEmpty();
        }

        // The survivor re-reads the dead one's uncommitted records before anything newer on those partitions,
        // so once the last 202 is in history, any duplicate would be too.
        assertExactlyOnceInHistory(accepted, Duration.ofSeconds(30));
        assertThat(DispatcherGroup.assignments(topology.broker(), DISPATCHER_GROUP)).as("the survivor took every partition")
                .hasSize(1).allSatisfy((member, partitions) -> assertThat(partitions).hasSize(2 * PARTITIONS));
    }

    @Test
    @Order(5)
    void sigtermStopsEveryProcessPromptlyWithExitZero() {
        List<HookgateProcess> running = topology.processes().stream().filter(p -> p.process().isAlive()).toList();
        assertThat(running).extracting(HookgateProcess::name).contains("gateway-1", "gateway-2", "dispatcher-2", "admin");
        long signalled = System.nanoTime();
        running.forEach(p -> p.process().terminate());
        for (HookgateProcess p : running) {
            Optional<Integer> exit = p.process().awaitExit(Duration.ofSeconds(10));
            System.out.printf("%s exited %s %d ms after SIGTERM%n", p.name(), exit.map(String::valueOf).orElse("(not yet)"),
                    (System.nanoTime() - signalled) / 1_000_000);
            assertThat(exit).as(p + " exit code after SIGTERM; log:\n" + p.process().tail()).contains(0);
            assertThat(p.process().readLog()).as(p + " ran its shutdown").contains("Hookgate stopped");
        }
    }

    private static void assertServesHealthAndReady(String name, int port) {
        assertThat(get(port, "/health")).as(name + " /health on " + port).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(port, "/ready")).as(name + " /ready on " + port).isEqualTo(200));
    }

    private static void assertExactlyOnceInHistory(List<String> requestIds, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> topology.database().historyRows(requestIds).size() == requestIds.size());
        Map<String, Long> rows = topology.database().historyRows(requestIds);
        assertThat(rows).hasSize(requestIds.size());
        assertThat(rows.entrySet()).as("request ids with more than one history row")
                .filteredOn(e -> e.getValue() != 1).isEmpty();
    }

    private static List<String> connectionsOnEveryPartition(String name) {
        AtomicInteger n = new AtomicInteger();
        return InboundPartitions.covered(PARTITIONS, () -> createConnection(name + " " + n.incrementAndGet()));
    }

    private static String createConnection(String name) {
        Http.Reply created = admin.post("/api/v1/connections",
                new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", "NONE")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static List<Integer> gatewayPorts() {
        return List.of(topology.process("gateway-1").ingestPort().orElseThrow(), topology.process("gateway-2").ingestPort().orElseThrow());
    }

    private static int post(int port, String connectionId) {
        return Http.webhook(port, connectionId).send().status();
    }

    private static int get(int port, String path) {
        return new Http.Admin(port, null).get(path).status();
    }
}
