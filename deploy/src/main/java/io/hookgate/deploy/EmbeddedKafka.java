package io.hookgate.deploy;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) inside this JVM, for the all-in-one and
 * for tests. Its log directory persists: a restart on the same directory keeps every record. Blocking:
 * start and stop it outside any event loop.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides = new HashMap<>();
    private KafkaRaftServer server;

    /**
     * @param port broker port on 127.0.0.1 (the controller uses the next one); 0 picks free ports
     */
    public EmbeddedKafka(Path dataDir, int port) throws IOException {
        this.dataDir = dataDir;
        if (port == 0) {
            this.port = freePort();
            this.controllerPort = freePort();
        } else {
            this.port = port;
            this.controllerPort = port + 1;
        }
    }

    /**
     * Broker settings over {@link #singleNodeProperties} (e.g. retention for a benchmark that writes tens of
     * gigabytes); takes effect at the next {@link #start()}.
     */
    public synchronized EmbeddedKafka withSettings(Map<String, String> settings) {
        overrides.putAll(settings);
        return this;
    }

    public synchronized EmbeddedKafka start() throws IOException {
        if (server != null) {
            return this;
        }
        Files.createDirectories(dataDir);
        Properties properties = singleNodeProperties(dataDir, port, controllerPort);
        properties.putAll(overrides);
        KafkaConfig config = new KafkaConfig(properties);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(dataDir);
        }
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            server = null;
            throw new IOException("Embedded Kafka could not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka broker serving on 127.0.0.1:{} (data in {})", port, dataDir);
        return this;
    }

    /** Same as {@code kafka-storage.sh format}: only the first time, so data survives restarts. */
    /**
     * The settings of a single-node KRaft broker (broker and controller in one) on loopback: what this class
     * runs in-process, and what the split-deployment tests give a broker of its own.
     */
    public static Properties singleNodeProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", "2097152");
        return p;
    }

    /** Formats {@code logDir} for the single node of {@link #singleNodeProperties} (a new cluster id). */
    public static void format(Path logDir) throws IOException {
        try {
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IOException("Cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker; its data stays in the data directory for the next start. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Embedded Kafka broker stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
