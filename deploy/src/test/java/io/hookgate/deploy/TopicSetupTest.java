package io.hookgate.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicSetupTest {
    @Test
    void threeOrMoreReplicasRequireTwoInSyncForAnAcknowledgedWrite() {
        assertThat(TopicSetup.topicConfigs(3)).containsEntry("min.insync.replicas", "2");
        assertThat(TopicSetup.topicConfigs(5)).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void fewerReplicasOrTheClusterDefaultLeaveTheBrokersSetting() {
        assertThat(TopicSetup.topicConfigs(1)).doesNotContainKey("min.insync.replicas");
        assertThat(TopicSetup.topicConfigs(2)).doesNotContainKey("min.insync.replicas");
        assertThat(TopicSetup.topicConfigs(-1)).doesNotContainKey("min.insync.replicas");
    }

    @Test
    void everyTopicTakesRecordsUpToTwoMebibytes() {
        assertThat(TopicSetup.topicConfigs(1)).containsEntry("max.message.bytes", "2097152");
        assertThat(TopicSetup.topicConfigs(3)).containsEntry("max.message.bytes", "2097152");
    }
}
