package io.hookgate.deploy.topology;

import io.hookgate.deploy.support.Directories;
import io.hookgate.model.crypto.SecretBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hookgate split into processes, as a cluster would run it: one Kafka broker JVM, then gateways, dispatchers
 * and an admin, each {@code java -jar hookgate.jar} with its own {@code HOOKGATE_ROLES}, started together
 * against one fresh database. Logs go to {@code <dir>/logs}. {@link #close()} — or, if the test JVM is
 * stopped first, a shutdown hook — leaves no process behind.
 */
public final class Topology implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path jar;
    private final Path dir;
    private final TopologyDatabase database;
    private final Map<String, String> env = new HashMap<>();
    private final List<HookgateProcess> processes = new CopyOnWriteArrayList<>();
    private final Map<String, Launch> launches = new HashMap<>();
    private final Thread cleanup = new Thread(this::stopAll, "topology-cleanup");
    private KafkaBrokerProcess broker;

    public Topology(Path jar, Path dir, TopologyDatabase database) {
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.database = database;
    }

    /**
     * Starts the broker, then every process of {@code roles} (name → HOOKGATE_ROLES) at once, and returns when
     * all printed their ready line. {@code env} is given to every process; {@code extra} to some.
     */
    public Topology start(Map<String, String> roles, Map<String, String> env, Map<String, Map<String, String>> extra,
                   int minSessionTimeoutMs) {
        Runtime.getRuntime().addShutdownHook(cleanup);
        Directories.deleteRecursively(dir);
        database.drop();
        long started = System.nanoTime();
        broker = KafkaBrokerProcess.start(jar, dir.resolve("kafka"), log("kafka"), minSessionTimeoutMs);
        System.out.printf("Kafka serving at %s after %d ms%n", broker.bootstrap(), millisSince(started));
        this.env.putAll(env);
        this.env.put("HOOKGATE_KAFKA_BOOTSTRAP", broker.bootstrap());
        this.env.putAll(database.env());
        this.env.put("HOOKGATE_MASTER_KEY", SecretBox.generateKey());
        roles.forEach((name, processRoles) -> {
            Map<String, String> processEnv = new HashMap<>(this.env);
            processEnv.putAll(extra.getOrDefault(name, Map.of()));
            launches.put(name, new Launch(processRoles, processEnv));
            processes.add(HookgateProcess.launch(jar, name, processRoles, processEnv, dir.resolve(name), log(name)));
        });
        processes.forEach(p -> p.awaitReady(READY_TIMEOUT));
        System.out.printf("%s ready after %d ms%n", processes, millisSince(started));
        return this;
    }

    /** {@code hookgate.jar} as package built it before failsafe runs ({@code -Dhookgate.jar}, set by the POM). */
    public static Path builtJar() {
        Path jar = Path.of(System.getProperty("hookgate.jar", "target/hookgate.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package builds it before failsafe runs");
        }
        return jar;
    }

    /**
     * Starts process {@code name} again with the roles and environment it first had (so on the same ports when
     * they were fixed), killing what is left of it first, and returns once it is ready. Its log is
     * {@code <name>-<n>.log}.
     */
    public HookgateProcess restart(String name) {
        HookgateProcess old = process(name);
        old.close();
        Launch launch = launches.get(name);
        int n = launch.restarts().incrementAndGet();
        HookgateProcess fresh = HookgateProcess.launch(jar, name, launch.roles(), launch.env(), dir.resolve(name), log(name + "-" + n));
        processes.set(processes.indexOf(old), fresh);
        return fresh.awaitReady(READY_TIMEOUT);
    }

    private record Launch(String roles, Map<String, String> env, AtomicInteger restarts) {
        Launch(String roles, Map<String, String> env) {
            this(roles, env, new AtomicInteger());
        }
    }

    public HookgateProcess process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No process " + name + " in " + processes));
    }

    public List<HookgateProcess> processes() {
        return List.copyOf(processes);
    }

    public KafkaBrokerProcess broker() {
        return broker;
    }

    public TopologyDatabase database() {
        return database;
    }

    public Path log(String name) {
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
}
