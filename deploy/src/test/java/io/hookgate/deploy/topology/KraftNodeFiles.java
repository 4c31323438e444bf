package io.hookgate.deploy.topology;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a single KRaft node (broker and controller) needs on disk before {@code kafka.Kafka} starts: its
 * {@code server.properties} and a data directory formatted as {@code kafka-storage.sh format} would.
 */
final class KraftNodeFiles {
    private KraftNodeFiles() {
    }

    /** Writes {@code dir/server.properties}, formats {@code dir/data}, and returns the properties file. */
    static Path prepare(Path dir, int port, int controllerPort, int minSessionTimeoutMs) {
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        createDirectories(dir);
        writeConfig(config, data, port, controllerPort, minSessionTimeoutMs);
        format(data);
        return config;
    }

    private static void writeConfig(Path file, Path data, int port, int controllerPort, int minSessionTimeoutMs) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", data.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", Integer.toString(minSessionTimeoutMs));
        // A node restarted after kill -9 waits for its previous registration's session to lapse before it serves
        // again: Kafka's 9 s default would make every broker restart of the fault suite that much longer.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", "2097152");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Hookgate TopologyIT: single-node KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void format(Path data) {
        try {
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(data.toString()))
                    .setMetadataLogDirectory(data.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format " + data, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
