package io.hookgate.deploy.topology;

import io.hookgate.deploy.EmbeddedKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Properties p = EmbeddedKafka.singleNodeProperties(data, port, controllerPort);
        p.put("group.min.session.timeout.ms", Integer.toString(minSessionTimeoutMs));
        // A node restarted after kill -9 waits for its previous registration's session to lapse before it serves
        // again: Kafka's 9 s default would make every broker restart of the fault suite that much longer.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Hookgate TopologyIT: single-node KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void format(Path data) {
        try {
            EmbeddedKafka.format(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
