package io.hookgate.deploy.support;

import io.hookgate.deploy.EmbeddedKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One embedded broker for the whole test JVM (starting one costs ~2-3 s); stopped by a shutdown hook. */
public final class SharedKafka {
    private static EmbeddedKafka broker;

    private SharedKafka() {
    }

    public static synchronized String bootstrap() {
        if (broker == null) {
            try {
                broker = new EmbeddedKafka(Files.createTempDirectory("hookgate-kafka-"), 0).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "shared-kafka-stop"));
        }
        return broker.bootstrapServers();
    }
}
