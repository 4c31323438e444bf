package io.hookgate.deploy.topology;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Connection ids, the key of their records on {@code hookgate.inbound}, that hash to every partition (Kafka's
 * default partitioner), so traffic over them reaches every dispatcher.
 */
public final class InboundPartitions {
    private static final int MAX_CONNECTIONS = 100;

    private InboundPartitions() {
    }

    /** Creates connections until their ids cover all {@code partitions}; returns one id per partition, in partition order. */
    public static List<String> covered(int partitions, Supplier<String> createConnection) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 1; byPartition.size() < partitions; i++) {
            if (i > MAX_CONNECTIONS) {
                throw new IllegalStateException(MAX_CONNECTIONS + " connections did not cover " + partitions + " partitions");
            }
            String id = createConnection.get();
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions, id);
        }
        return List.copyOf(byPartition.values());
    }
}
