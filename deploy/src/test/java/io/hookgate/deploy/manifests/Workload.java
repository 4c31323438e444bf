package io.hookgate.deploy.manifests;

import io.hookgate.deploy.HookgateConfig;
import io.hookgate.deploy.Role;
import io.hookgate.gateway.config.GatewayConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Hookgate process definition in a manifest (a Deployment's container, a compose service), reduced to
 * what the checks need.
 *
 * @param env      the variables whose values the manifest states (ConfigMap, literals, compose defaults)
 * @param envNames every variable the process gets, including those whose values come from a Secret
 * @param ports    named container ports (name → number); {@link #containerPorts()} has them all
 * @param grace    how long the supervisor waits after SIGTERM before SIGKILL
 * @param preStop  time spent in the preStop hook, which counts against the grace period
 */
record Workload(String where, Map<String, String> env, Set<String> envNames, int replicas, Map<String, Integer> ports,
                Set<Integer> containerPorts,
                List<Probe> probes, Duration grace, Duration preStop, boolean nonRoot, Map<String, String> podLabels,
                boolean cpuRequested) {

    /** A probe: {@code kind} is liveness/readiness/startup, {@code type} httpGet/tcpSocket/grpc/exec. */
    record Probe(String kind, String type, String path, String port) {
    }

    /** What Hookgate makes of this environment: it validates every value as the process would at start. */
    HookgateConfig config() {
        return HookgateConfig.fromEnv(env);
    }

    /**
     * The ports the process actually listens on: the management port (every role, unless off), the ingest port
     * with the ingest role, the admin port with admin.
     */
    Set<Integer> servedPorts() {
        HookgateConfig config = config();
        GatewayConfig gateway = config.gateway("manifest:9092");
        Set<Integer> served = new TreeSet<>();
        if (config.servesManagement()) {
            served.add(config.managementPort());
        }
        if (config.runs(Role.INGEST)) {
            served.add(gateway.ingestPort());
        }
        if (config.runs(Role.ADMIN)) {
            served.add(gateway.adminPort());
        }
        return served;
    }

    /** The port a probe or Service means: a number as it is, a name through the container's ports (null when unknown). */
    Integer resolvePort(String nameOrNumber) {
        if (nameOrNumber != null && nameOrNumber.matches("\\d+")) {
            return Integer.valueOf(nameOrNumber);
        }
        return ports.get(nameOrNumber);
    }

    @Override
    public String toString() {
        return where;
    }
}
