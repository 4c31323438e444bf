package io.hookgate.dispatcher.outbound;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlowLanesTest {
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final long AFTER = 100;
    private final AtomicLong clock = new AtomicLong(5_000);
    private final SlowLanes slowLanes = new SlowLanes(clock::get, AFTER);

    private Set<UUID> at(long nanos, Set<UUID> full) {
        clock.set(nanos);
        return slowLanes.among(List.of(A, B), full::contains);
    }

    @Test
    void aLaneSeenFullForTheFirstTimeIsNotSlow() {
        assertThat(at(5_000, Set.of(A, B))).isEmpty();
    }

    @Test
    void aLaneFullForLessThanTheThresholdIsNotSlow() {
        at(5_000, Set.of(A));
        assertThat(at(5_000 + AFTER - 1, Set.of(A))).isEmpty();
    }

    @Test
    void aLaneFullForTheThresholdIsSlowUntilItHasRoom() {
        at(5_000, Set.of(A));
        assertThat(at(5_000 + AFTER, Set.of(A))).containsExactly(A);
        assertThat(at(5_000 + 10 * AFTER, Set.of(A))).containsExactly(A);
        assertThat(at(5_000 + 10 * AFTER + 1, Set.of())).isEmpty();
    }

    @Test
    void aLaneSeenWithRoomInBetweenStartsOver() {
        at(5_000, Set.of(A));
        at(5_000 + AFTER / 2, Set.of());
        assertThat(at(5_000 + AFTER, Set.of(A))).isEmpty();
        assertThat(at(5_000 + 2 * AFTER, Set.of(A))).containsExactly(A);
    }

    @Test
    void eachLaneCountsFromWhenItFilled() {
        at(5_000, Set.of(A));
        at(5_000 + AFTER / 2, Set.of(A, B));
        assertThat(at(5_000 + AFTER, Set.of(A, B))).containsExactly(A);
        assertThat(at(5_000 + AFTER + AFTER / 2, Set.of(A, B))).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void anEndpointLeftOutOfALookIsForgotten() {
        at(5_000, Set.of(A));
        clock.set(5_000 + AFTER / 2);
        slowLanes.among(List.of(B), Set.of(A)::contains);
        assertThat(at(5_000 + AFTER, Set.of(A))).as("A's clock started again at its return").isEmpty();
    }

    @Test
    void refusesANegativeThreshold() {
        assertThatThrownBy(() -> new SlowLanes(clock::get, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
