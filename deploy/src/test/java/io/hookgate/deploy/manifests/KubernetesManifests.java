package io.hookgate.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Every document of {@code deploy/k8s/*.yaml}, and Hookgate's Deployments read as {@link Workload}s. */
final class KubernetesManifests {
    private static final int DEFAULT_GRACE_SECONDS = 30;

    private final List<Node> documents;

    private KubernetesManifests(List<Node> documents) {
        this.documents = documents;
    }

    static KubernetesManifests load(Path dir) {
        List<Node> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(Node.documents(file, "k8s/" + file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KubernetesManifests(documents);
    }

    List<Node> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind").string())).toList();
    }

    /** The Deployment named {@code name}, or null. */
    Node deployment(String name) {
        return ofKind("Deployment").stream().filter(d -> name.equals(d.at("metadata.name").string())).findFirst().orElse(null);
    }

    /** The Hookgate container of every Deployment, keyed by Deployment name. */
    Map<String, Workload> workloads() {
        Map<String, Workload> out = new HashMap<>();
        for (Node deployment : ofKind("Deployment")) {
            for (Node container : deployment.at("spec.template.spec.containers").list()) {
                out.put(deployment.at("metadata.name").string(), workload(deployment, container));
            }
        }
        return out;
    }

    private Workload workload(Node deployment, Node container) {
        Node pod = deployment.at("spec.template.spec");
        Map<String, String> env = new HashMap<>();
        Set<String> names = new TreeSet<>();
        for (Node source : container.get("envFrom").list()) {
            if (source.get("configMapRef").present()) {
                env.putAll(configMap(source.at("configMapRef.name").string()));
            } else {
                names.addAll(secretKeys(source.at("secretRef.name").string()));
            }
        }
        for (Node variable : container.get("env").list()) {
            String name = variable.get("name").string();
            names.add(name);
            if (variable.get("value").present()) {
                env.put(name, variable.get("value").string());
            } else if (variable.at("valueFrom.configMapKeyRef").present()) {
                env.put(name, configMap(variable.at("valueFrom.configMapKeyRef.name").string())
                        .get(variable.at("valueFrom.configMapKeyRef.key").string()));
            }
        }
        names.addAll(env.keySet());
        Map<String, Integer> named = new HashMap<>();
        Set<Integer> numbers = new TreeSet<>();
        for (Node port : container.get("ports").list()) {
            numbers.add(port.get("containerPort").integer(-1));
            if (port.get("name").present()) {
                named.put(port.get("name").string(), port.get("containerPort").integer(-1));
            }
        }
        return new Workload(container.path(), env, names, deployment.at("spec.replicas").integer(1), named, numbers,
                probes(container), Duration.ofSeconds(pod.get("terminationGracePeriodSeconds").integer(DEFAULT_GRACE_SECONDS)),
                preStop(container), nonRoot(pod, container), deployment.at("spec.template.metadata.labels").strings(),
                container.at("resources.requests.cpu").present());
    }

    private static List<Workload.Probe> probes(Node container) {
        List<Workload.Probe> probes = new ArrayList<>();
        for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Node probe = container.get(kind);
            for (String type : List.of("httpGet", "tcpSocket", "grpc", "exec")) {
                if (probe.get(type).present()) {
                    probes.add(new Workload.Probe(kind, type, probe.at(type + ".path").string(), probe.at(type + ".port").string()));
                }
            }
        }
        return probes;
    }

    /** A preStop hook must be a plain sleep (exec sleep N or the sleep action), so its length is known. */
    private static Duration preStop(Node container) {
        Node hook = container.at("lifecycle.preStop");
        if (!hook.present()) {
            return Duration.ZERO;
        }
        if (hook.at("sleep.seconds").present()) {
            return Duration.ofSeconds(hook.at("sleep.seconds").integer(0));
        }
        List<Node> command = hook.at("exec.command").list();
        if (command.size() == 2 && "sleep".equals(command.get(0).string())) {
            return Duration.ofSeconds(command.get(1).integer(0));
        }
        throw new IllegalStateException(hook + ": a preStop hook other than a sleep has no known length");
    }

    private static boolean nonRoot(Node pod, Node container) {
        boolean runAsNonRoot = Boolean.TRUE.equals(container.at("securityContext.runAsNonRoot").value())
                || (!container.at("securityContext.runAsNonRoot").present()
                && Boolean.TRUE.equals(pod.at("securityContext.runAsNonRoot").value()));
        Node user = container.at("securityContext.runAsUser").present()
                ? container.at("securityContext.runAsUser") : pod.at("securityContext.runAsUser");
        return runAsNonRoot && user.integer(-1) != 0
                && Boolean.FALSE.equals(container.at("securityContext.allowPrivilegeEscalation").value());
    }

    Map<String, String> configMap(String name) {
        return ofKind("ConfigMap").stream().filter(d -> name.equals(d.at("metadata.name").string())).findFirst()
                .map(d -> d.get("data").strings())
                .orElseThrow(() -> new IllegalStateException("No ConfigMap " + name + " in deploy/k8s"));
    }

    /** The keys of a Secret (secret.example.yaml stands for the real one). */
    Set<String> secretKeys(String name) {
        Set<String> keys = new LinkedHashSet<>();
        ofKind("Secret").stream().filter(d -> name.equals(d.at("metadata.name").string())).forEach(d -> {
            keys.addAll(d.get("stringData").entries().keySet());
            keys.addAll(d.get("data").entries().keySet());
        });
        return keys;
    }
}
