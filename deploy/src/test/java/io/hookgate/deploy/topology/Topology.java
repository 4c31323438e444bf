package io.hookgate.deploy.topology;

import io.hookgate.model.crypto.SecretBox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Hookgate split into processes, as a cluster would run it: one Kafka broker JVM, then gateways, dispatchers
 * and an admin, each {@code java -jar hookgate.jar} with its own {@code HOOKGATE_ROLES}, started together
 * against one fresh database. Logs go to {@code <dir>/logs}. {@link #close()} — or, if the test JVM is
 * stopped first, a shutdown hook — leaves no process behind.
 */
final class Topology implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path jar;
    private final Path dir;
    private final TopologyDatabase database;
    private final Map<String, String> env = new HashMap<>();
    private final List<HookgateProcess> processes = new CopyOnWriteArrayList<>();
    private final Thread cleanup = new Thread(this::stopAll, "topology-cleanup");
    private KafkaBrokerProcess broker;

    Topology(Path jar, Path dir, TopologyDatabase database) {
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.database = database;
    }

    /**
     * Starts the broker, then every process of {@code roles} (name → HOOKGATE_ROLES) at once, and returns when
     * all printed their ready line. {@code env} is given to every process; {@code extra} to some.
     */
    Topology start(Map<String, String> roles, Map<String, String> env, Map<String, Map<String, String>> extra,
                   int minSessionTimeoutMs) {
        Runtime.getRuntime().addShutdownHook(cleanup);
        deleteRecursively(dir);
        database.drop();
        long started = System.nanoTime();
        broker = KafkaBrokerProcess.start(jar, dir.resolve("kafka"), log("kafka"), minSessionTimeoutMs);
        System.out.printf("Kafka serving at %s after %d ms%n", broker.bootstrap(), millisSince(started));
        this.env.putAll(env);
        this.env.put("HOOKGATE_KAFKA_BOOTSTRAP", broker.bootstrap());
        this.env.put("PGDATABASE", database.name());
        this.env.put("HOOKGATE_MASTER_KEY", SecretBox.generateKey());
        roles.forEach((name, processRoles) -> {
            Map<String, String> processEnv = new HashMap<>(this.env);
            processEnv.putAll(extra.getOrDefault(name, Map.of()));
            processes.add(HookgateProcess.launch(jar, name, processRoles, processEnv, dir.resolve(name), log(name)));
        });
        processes.forEach(p -> p.awaitReady(READY_TIMEOUT));
        System.out.printf("%s ready after %d ms%n", processes, millisSince(started));
        return this;
    }

    HookgateProcess process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No process " + name + " in " + processes));
    }

    List<HookgateProcess> processes() {
        return List.copyOf(processes);
    }

    KafkaBrokerProcess broker() {
        return broker;
    }

    TopologyDatabase database() {
        return database;
    }

    Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** Hookgate's processes first (killed if still running), then the broker. Logs stay. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing left to remove.
        }
    }

    private synchronized void stopAll() {
        processes.forEach(HookgateProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
