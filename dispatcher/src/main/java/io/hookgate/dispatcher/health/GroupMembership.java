package io.hookgate.dispatcher.health;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a consumer has joined its group: Kafka calls the assignment listener after every join, even with no
 * partitions for this member (a standby beyond the partition count has joined too). Partitions are tracked by
 * name so that eager and cooperative rebalances count alike. A consumer created anew has not joined until its
 * first assignment.
 */
public final class GroupMembership {
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();
    private volatile boolean joined;

    public void assigned(Collection<?> assigned) {
        assigned.forEach(p -> partitions.add(p.toString()));
        joined = true;
    }

    public void revoked(Collection<?> revoked) {
        revoked.forEach(p -> partitions.remove(p.toString()));
    }

    /** A new consumer is about to subscribe: nothing is assigned to it yet. */
    public void reset() {
        joined = false;
        partitions.clear();
    }

    public boolean joined() {
        return joined;
    }

    public int partitions() {
        return partitions.size();
    }
}
