package io.hookgate.dispatcher.health;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMembershipTest {
    private static final TopicPartition P0 = new TopicPartition("hookgate.inbound", 0);
    private static final TopicPartition P1 = new TopicPartition("hookgate.inbound", 1);
    private final GroupMembership membership = new GroupMembership();

    @Test
    void aConsumerHasNotJoinedBeforeItsFirstAssignment() {
        assertThat(membership.joined()).isFalse();
        assertThat(membership.partitions()).isZero();
    }

    @Test
    void anEmptyAssignmentIsAJoinToo() {
        membership.assigned(Set.of());
        assertThat(membership.joined()).isTrue();
        assertThat(membership.partitions()).isZero();
    }

    @Test
    void revokingPartitionsInARebalanceKeepsTheMemberJoined() {
        membership.assigned(List.of(P0, P1));
        membership.revoked(List.of(P0));
        assertThat(membership.joined()).isTrue();
        assertThat(membership.partitions()).isEqualTo(1);
    }

    @Test
    void aReplacedConsumerHasNotJoinedUntilItIsAssigned() {
        membership.assigned(List.of(P0));
        membership.reset();
        assertThat(membership.joined()).isFalse();
        assertThat(membership.partitions()).isZero();
        membership.assigned(List.of(P1));
        assertThat(membership.joined()).isTrue();
    }
}
