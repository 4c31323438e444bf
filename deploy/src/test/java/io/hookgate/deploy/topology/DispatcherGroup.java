package io.hookgate.deploy.topology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Who holds which partitions in a consumer group, as the broker sees it. */
final class DispatcherGroup {
    private DispatcherGroup() {
    }

    /** Member id → its assigned partitions. */
    static Map<String, Set<TopicPartition>> assignments(KafkaBrokerProcess broker, String group) throws Exception {
        try (Admin admin = broker.admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(10, TimeUnit.SECONDS);
            Map<String, Set<TopicPartition>> out = new HashMap<>();
            for (MemberDescription member : description.members()) {
                out.put(member.consumerId(), member.assignment().topicPartitions());
            }
            return out;
        }
    }
}
