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
 * shaded hookgate.jar carries for its embedded mode.
 */
final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final String bootstrap;

    private KafkaBrokerProcess(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
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
        ChildProcess process = ChildProcess.start("kafka", List.of(Jvm.java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.kafka=info",
                        "-cp", jar.toString(), "kafka.Kafka", config.toString()),
                Map.of(), dir, log);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(process, "127.0.0.1:" + port);
        try {
            broker.awaitServing();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    Admin admin() {
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
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
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
        process.terminate();
        process.awaitExit(STOP_TIMEOUT);
        process.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
