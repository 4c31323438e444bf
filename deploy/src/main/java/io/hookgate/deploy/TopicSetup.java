package io.hookgate.deploy;

import io.hookgate.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates Hookgate's topics when missing (brokers should not auto-create them with defaults). Blocking. */
final class TopicSetup {
    static final String MAX_MESSAGE_BYTES = "2097152";

    private TopicSetup() {
    }

    /**
     * Per-topic settings. With three or more replicas a write needs two in sync (acks=all then means "on two
     * brokers"), so losing one broker neither loses an acknowledged webhook nor stops ingest; with fewer, or
     * with the cluster's default replication, the broker's own {@code min.insync.replicas} applies.
     */
    static Map<String, String> topicConfigs(int replicationFactor) {
        return replicationFactor >= 3
                ? Map.of("max.message.bytes", MAX_MESSAGE_BYTES, "min.insync.replicas", "2")
                : Map.of("max.message.bytes", MAX_MESSAGE_BYTES);
    }

    static void ensureTopics(String bootstrap, int partitions, int replicationFactor) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions),
                            replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor))
                            .configs(topicConfigs(replicationFactor)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Kafka topics at " + bootstrap + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        }
    }
}
