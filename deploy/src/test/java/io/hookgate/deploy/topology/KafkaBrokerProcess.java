package io.hookgate.deploy.topology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka 4.4 in its own JVM: {@code kafka.Kafka server.properties}, a single KRaft node (broker and
 * controller) on free loopback ports. The broker classes are Apache's own kafka_2.13 artifact, which the
 * shaded hookgate.jar carries for its embedded mode. It can be killed and restarted on the same data and
 * ports, and stalled (SIGSTOP) and resumed, as the fault suite does.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final Path jar;
    private final Path dir;
    private final Path log;
    private final Path config;
    private final int port;
    private final String bootstrap;
    private volatile ChildProcess process;
    private volatile boolean stalled;
    private int launches;

    private KafkaBrokerProcess(Path jar, Path dir, Path log, Path config, int port) {
        this.jar = jar;
        this.dir = dir;
        this.log = log;
        this.config = config;
        this.port = port;
        this.bootstrap = "127.0.0.1:" + port;
    }

    /**
     * Starts the broker and returns once it answers a metadata request.
     *
     * @param minSessionTimeoutMs lowest consumer session timeout the broker allows, so a dead consumer's
     *                            partitions move within seconds
     */
    static KafkaBrokerProcess start(Path jar, Path dir, Path log, int minSessionTimeoutMs) {
        int port = freePort();
        int controllerPort = freePort();
        Path config = KraftNodeFiles.prepare(dir, port, controllerPort, minSessionTimeoutMs);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(jar, dir, log, config, port);
        broker.launch();
        return broker;
    }

    /** Starts the JVM on this broker's log directory and ports, and waits until it serves. */
    private void launch() {
        Path launchLog = launches++ == 0 ? log : log.resolveSibling(log.getFileName().toString().replace(".log", "-" + launches + ".log"));
        process = ChildProcess.start("kafka", List.of(Jvm.java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.kafka=info",
                        "-cp", jar.toString(), "kafka.Kafka", config.toString()),
                Map.of(), dir, launchLog);
        try {
            awaitServing();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** SIGKILL: the broker dies with whatever it had in hand; {@link #restart()} brings it back on the same data. */
    public void kill() {
        resume();
        process.kill();
        if (process.awaitExit(KILL_TIMEOUT).isEmpty()) {
            throw new IllegalStateException("Kafka still alive " + KILL_TIMEOUT + " after SIGKILL");
        }
    }

    /** Starts the broker again on the same log directory and ports, after {@link #kill()}; returns once it serves. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("Kafka is still running; kill it first");
        }
        launch();
    }

    /** SIGSTOP: the broker keeps its sockets open but answers nothing until {@link #resume()}. */
    public void stall() {
        process.signal("STOP");
        stalled = true;
    }

    /** SIGCONT after {@link #stall()}; nothing when the broker is not stalled. */
    public void resume() {
        if (stalled) {
            process.signal("CONT");
            stalled = false;
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Waits for the listener (quietly), then for an answer to a metadata request. */
    private void awaitServing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening()) {
            checkAlive(deadline, null);
            sleep();
        }
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    checkAlive(deadline, e);
                }
            }
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void checkAlive(long deadline, Exception cause) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka exited during start-up:\n" + process.tail(), cause);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka did not serve within " + START_TIMEOUT + ":\n" + process.tail(), cause);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** SIGTERM and a bounded wait; {@link ChildProcess#close()} kills it when that is not enough. */
    @Override
    public void close() {
        resume();
        process.terminate();
        process.awaitExit(STOP_TIMEOUT);
        process.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
