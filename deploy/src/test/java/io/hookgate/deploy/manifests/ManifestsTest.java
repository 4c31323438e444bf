package io.hookgate.deploy.manifests;

import io.hookgate.deploy.HookgateConfig;
import io.hookgate.deploy.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * deploy/k8s, deploy/compose.yaml and deploy/container/Containerfile agree with the code: the variables they
 * set are ones Hookgate reads and accepts, probes, scrapes and Services reach ports the roles serve, dispatchers do not
 * outnumber partitions, nothing runs as root, and supervisors wait out the drain before killing.
 */
class ManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    private static KnownVariables known;
    private static KubernetesManifests k8s;
    private static ComposeFile compose;
    private static Containerfile containerfile;
    /** Every Hookgate process definition, Kubernetes' and Compose's. */
    private static Map<String, Workload> workloads;

    @BeforeAll
    static void load() {
        known = KnownVariables.scan(DEPLOY.getParent());
        k8s = KubernetesManifests.load(DEPLOY.resolve("k8s"));
        compose = ComposeFile.load(DEPLOY.resolve("compose.yaml"));
        containerfile = Containerfile.load(DEPLOY.resolve("container/Containerfile"));
        workloads = new LinkedHashMap<>();
        k8s.workloads().forEach((name, w) -> workloads.put("k8s " + name, w));
        compose.hookgateServices().forEach((name, w) -> workloads.put("compose " + name, w));
    }

    @Test
    void everyVariableTheManifestsSetIsOneHookgateReads() {
        assertThat(known.names()).as("the scan of the config code").contains("HOOKGATE_ROLES", "HOOKGATE_KAFKA_PARTITIONS", "PGHOST");
        List<Map.Entry<String, String>> set = new ArrayList<>();
        workloads.forEach((name, w) -> w.envNames().forEach(v -> set.add(Map.entry(name, v))));
        k8s.ofKind("ConfigMap").forEach(cm -> cm.get("data").entries().keySet().forEach(v -> set.add(Map.entry(cm.path(), v))));
        k8s.ofKind("Secret").forEach(s -> s.get("stringData").entries().keySet().forEach(v -> set.add(Map.entry(s.path(), v))));
        containerfile.envNames().forEach(v -> set.add(Map.entry("Containerfile", v)));

        assertThat(set).isNotEmpty().allSatisfy(entry ->
                assertThat(known.isRead(entry.getValue())).as(entry.getKey() + " sets " + entry.getValue() + ", which Hookgate never reads").isTrue());
    }

    @Test
    void everyProcessIsAnExplicitSplitRoleThatHookgateAccepts() {
        assertThat(workloads).isNotEmpty().allSatisfy((name, w) -> {
            assertThatCode(w::config).as(name + ": Hookgate's own validation").doesNotThrowAnyException();
            assertThat(w.env().get("HOOKGATE_ROLES")).as(name + " names its roles (the default is the all-in-one)").isNotBlank();
            assertThat(w.config().kafkaBootstrap()).as(name + " uses the cluster's broker, not one embedded per process").isNotBlank();
            assertThat(w.envNames()).as(name + " gets the master key every process sharing the database needs")
                    .contains("HOOKGATE_MASTER_KEY");
        });
        Set<Role> everyRole = Set.of(Role.values());
        assertThat(k8s.workloads().values().stream().flatMap(w -> w.config().roles().stream())).as("k8s covers every role")
                .containsAll(everyRole);
        assertThat(compose.hookgateServices().values().stream().flatMap(w -> w.config().roles().stream()))
                .as("compose covers every role").containsAll(everyRole);
    }

    @Test
    void probesAndPortsAreThoseTheRolesServe() {
        k8s.workloads().forEach((name, w) -> {
            Set<Integer> served = w.servedPorts();
            assertThat(w.containerPorts()).as(name + " declares only ports its roles serve " + served).isSubsetOf(served);
            if (served.isEmpty()) {
                assertThat(w.probes()).as(name + " serves no port, so no network probe").allSatisfy(p -> assertThat(p.type()).isEqualTo("exec"));
                return;
            }
            assertThat(w.probes()).as(name).filteredOn(p -> p.kind().equals("livenessProbe"))
                    .singleElement().satisfies(p -> assertThat(p.path()).as(name + " liveness never depends on Kafka or PostgreSQL").isEqualTo("/health"));
            assertThat(w.probes()).as(name).filteredOn(p -> p.kind().equals("readinessProbe"))
                    .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("/ready"));
            assertThat(w.probes()).allSatisfy(p -> {
                assertThat(p.type()).as(name + " " + p.kind()).isEqualTo("httpGet");
                assertThat(w.resolvePort(p.port())).as(name + " " + p.kind() + " port " + p.port()).isIn(served.toArray());
                assertThat(p.path()).as(name + " " + p.kind()).isIn("/health", "/ready");
            });
        });
        compose.hookgateServices().forEach((name, w) ->
                assertThat(w.containerPorts()).as("compose " + name + " publishes only ports its roles serve").isSubsetOf(w.servedPorts()));
    }

    @Test
    void everyPodIsStartedLiveAndReadyByHttpProbesAndSplitRolesWithoutAPortOfTheirOwnOnTheManagementPort() {
        assertThat(k8s.workloads()).isNotEmpty().allSatisfy((name, w) -> {
            assertThat(w.probes()).as(name + " probes").extracting(Workload.Probe::kind)
                    .containsExactlyInAnyOrder("startupProbe", "livenessProbe", "readinessProbe");
            HookgateConfig config = w.config();
            if (!config.runs(Role.INGEST) && !config.runs(Role.ADMIN)) {
                assertThat(config.servesManagement()).as(name + " serves the management port").isTrue();
                assertThat(w.probes()).as(name + " probes the management port, its only port")
                        .allSatisfy(p -> assertThat(w.resolvePort(p.port())).isEqualTo(config.managementPort()));
            }
        });
        assertThat(k8s.workloads().keySet()).as("dispatchers and delivery workers are probed too")
                .contains("hookgate-dispatcher", "hookgate-delivery");
    }

    @Test
    void prometheusScrapesEveryPodWhereItServesMetrics() {
        assertThat(k8s.workloads()).isNotEmpty().allSatisfy((name, w) -> {
            Map<String, String> annotations = k8s.deployment(name).at("spec.template.metadata.annotations").strings();
            assertThat(annotations).as(name + " pod annotations").containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/metrics");
            HookgateConfig config = w.config();
            assertThat(Integer.valueOf(annotations.get("prometheus.io/port"))).as(name + " is scraped on its management port")
                    .isEqualTo(config.managementPort());
            assertThat(w.containerPorts()).as(name + " declares the port it is scraped on").contains(config.managementPort());
        });
    }

    @Test
    void servicesRouteToPortsTheirPodsServe() {
        assertThat(k8s.ofKind("Service")).isNotEmpty().allSatisfy(service -> {
            Map<String, String> selector = service.at("spec.selector").strings();
            List<Workload> pods = k8s.workloads().values().stream()
                    .filter(w -> !selector.isEmpty() && w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(pods).as(service + " selects pods").isNotEmpty();
            for (Node port : service.at("spec.ports").list()) {
                String target = port.get("targetPort").present() ? port.get("targetPort").string() : port.get("port").string();
                assertThat(pods).allSatisfy(w -> assertThat(w.resolvePort(target)).as(port + " → " + target).isIn(w.servedPorts().toArray()));
            }
        });
    }

    @Test
    void dispatchersDoNotOutnumberPartitions() {
        List<String> dispatchers = new ArrayList<>();
        workloads.forEach((name, w) -> {
            HookgateConfig config = w.config();
            if (config.runs(Role.DISPATCHER)) {
                dispatchers.add(name);
                assertThat(w.replicas()).as(name + " replicas vs HOOKGATE_KAFKA_PARTITIONS").isLessThanOrEqualTo(config.topicPartitions());
            }
        });
        assertThat(dispatchers).as("dispatcher definitions").hasSizeGreaterThanOrEqualTo(2);
        for (Node hpa : k8s.ofKind("HorizontalPodAutoscaler")) {
            Workload target = k8s.workloads().get(hpa.at("spec.scaleTargetRef.name").string());
            if (target != null && target.config().runs(Role.DISPATCHER)) {
                assertThat(hpa.at("spec.maxReplicas").integer(0)).as(hpa + " maxReplicas").isLessThanOrEqualTo(target.config().topicPartitions());
            }
        }
    }

    @Test
    void gracePeriodsOutlastTheDrain() {
        assertThat(workloads).allSatisfy((name, w) -> assertThat(w.grace())
                .as(name + ": grace ≥ preStop " + w.preStop() + " + drain " + DrainBudget.of(w.config()))
                .isGreaterThanOrEqualTo(w.preStop().plus(DrainBudget.of(w.config()))));
    }

    @Test
    void nothingRunsAsRoot() {
        assertThat(workloads).allSatisfy((name, w) -> assertThat(w.nonRoot()).as(name + " non-root, no privilege escalation").isTrue());
        assertThat(containerfile.last("USER")).as("the image's USER, numeric so Kubernetes can verify runAsNonRoot")
                .matches("[1-9][0-9]*(:[0-9]+)?");
    }

    @Test
    void autoscalersTargetDeploymentsThatRequestTheMeasuredResource() {
        assertThat(k8s.ofKind("HorizontalPodAutoscaler")).isNotEmpty().allSatisfy(hpa -> {
            String target = hpa.at("spec.scaleTargetRef.name").string();
            assertThat(k8s.deployment(target)).as(hpa + " → Deployment " + target).isNotNull();
            boolean onCpu = hpa.at("spec.metrics").list().stream().anyMatch(m -> "cpu".equals(m.at("resource.name").string()));
            if (onCpu) {
                assertThat(k8s.workloads().get(target).cpuRequested()).as(target + " requests CPU, which utilisation is measured against").isTrue();
            }
        });
    }

    @Test
    void composeWiresEveryProcessToItsOwnKafkaAndPostgres() {
        Set<String> services = compose.services().keySet();
        compose.hookgateServices().forEach((name, w) -> {
            String kafkaHost = w.env().get("HOOKGATE_KAFKA_BOOTSTRAP").split(":")[0];
            assertThat(services).as(name + " broker and database are services of the file").contains(kafkaHost, w.env().get("PGHOST"));
            Node dependsOn = compose.services().get(name).get("depends_on");
            for (String dependency : List.of(kafkaHost, w.env().get("PGHOST"))) {
                assertThat(dependsOn.at(dependency + ".condition").string()).as(name + " waits for " + dependency).isEqualTo("service_healthy");
            }
        });
    }

    @Test
    void imageRunsTheJarAsPidOneWithAHealthCheckItShips() throws Exception {
        assertThat(containerfile.last("ENTRYPOINT")).as("exec form, so java gets SIGTERM").startsWith("[").contains("\"-jar\"");
        String healthcheck = containerfile.last("HEALTHCHECK");
        assertThat(healthcheck).contains("CMD");
        assertThat(containerfile.all("COPY")).anySatisfy(copy -> assertThat(copy).contains("container/healthcheck.sh"));
        assertThat(healthcheck).contains("/healthcheck.sh");
        List<String> context = Files.readAllLines(DEPLOY.resolve(".dockerignore"));
        assertThat(containerfile.copySources()).as("COPY sources").isNotEmpty().allSatisfy(source -> {
            assertThat(context).as("the build context lets " + source + " through").contains("!" + source);
            if (!source.startsWith("target/")) {
                assertThat(DEPLOY.resolve(source)).exists();
            }
        });
    }
}
