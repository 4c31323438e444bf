package io.hookgate.dispatcher.outbound;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLanesTest {
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final long NOW = 1_000_000L;
    /** An attempt as slow as the lane's buffer: the lanes keep their configured prefetch. */
    private static final long LATENCY = DeliveryLanes.BUFFER_NANOS;

    /** A claimed delivery: its name and the nano time after which it may no longer start. */
    private record Job(String name, UUID endpoint, long startBy) {
    }

    private static DeliveryLanes<Job> lanes(int perEndpoint, int prefetch, int processCap) {
        return new DeliveryLanes<>(perEndpoint, prefetch, processCap, Job::startBy);
    }

    private static List<Job> jobs(UUID endpoint, String prefix, int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(new Job(prefix + i, endpoint, NOW + 1_000));
        }
        return jobs;
    }

    /** What a claim brought that asked for every lane and took all their due deliveries. */
    private static DeliveryLanes.Handout<Job> add(DeliveryLanes<Job> lanes, List<Job> jobs) {
        return lanes.add(jobs, jobs.stream().map(Job::endpoint).toList(), lanes.endpoints(), NOW);
    }

    /** An attempt of {@code endpoint} answered and was recorded: what its lane slot and then its process slot start. */
    private static DeliveryLanes.Handout<Job> finish(DeliveryLanes<Job> lanes, UUID endpoint, long now) {
        DeliveryLanes.Handout<Job> sent = lanes.sent(endpoint, LATENCY, now);
        DeliveryLanes.Handout<Job> recorded = lanes.recorded(now);
        List<Job> start = new ArrayList<>(sent.start());
        start.addAll(recorded.start());
        List<Job> expired = new ArrayList<>(sent.expired());
        expired.addAll(recorded.expired());
        return new DeliveryLanes.Handout<>(start, expired);
    }

    private static List<String> names(List<Job> jobs) {
        return jobs.stream().map(Job::name).toList();
    }

    @Test
    void startsAtMostTheEndpointsConcurrencyAndKeepsItsPrefetchWaiting() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 16);

        DeliveryLanes.Handout<Job> handout = add(lanes, jobs(A, "a", 4));

        assertThat(names(handout.start())).containsExactly("a0", "a1");
        assertThat(handout.expired()).isEmpty();
        assertThat(lanes.running()).isEqualTo(2);
        assertThat(lanes.waiting()).isEqualTo(2);
        assertThat(lanes.laneRoom()).as("a full lane has no room").isEmpty();
        assertThat(lanes.freeRoom()).as("the room to schedule into: a full lane's is 0, so it takes none")
                .containsExactly(java.util.Map.entry(A, 0));
    }

    @Test
    void aFinishedAttemptHandsItsSlotToTheNextWaitingDeliveryOfItsEndpoint() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 16);
        add(lanes, jobs(A, "a", 4));

        DeliveryLanes.Handout<Job> next = finish(lanes, A, NOW);

        assertThat(names(next.start())).containsExactly("a2");
        assertThat(lanes.running()).isEqualTo(2);
        assertThat(lanes.waiting()).isEqualTo(1);
        assertThat(lanes.laneRoom()).containsExactly(java.util.Map.entry(A, 1));
        assertThat(lanes.freeRoom()).containsExactly(java.util.Map.entry(A, 1));
    }

    @Test
    void anAnsweredAttemptHandsItsLaneSlotOnWhileItsResultIsStillBeingRecorded() {
        DeliveryLanes<Job> lanes = lanes(1, 2, 16);
        add(lanes, jobs(A, "a", 3));

        assertThat(names(lanes.sent(A, LATENCY, NOW).start())).as("the receiver is free for the next").containsExactly("a1");
        assertThat(lanes.running()).as("both count until recorded").isEqualTo(2);
        assertThat(lanes.recorded(NOW).isEmpty()).as("the lane holds its one attempt on the wire").isTrue();
        assertThat(lanes.running()).isEqualTo(1);
    }

    @Test
    void aFastEndpointsLaneHoldsItsBufferOfWorkAndASlowOneItsConfiguredPrefetch() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 64);
        add(lanes, jobs(A, "a", 4));
        add(lanes, jobs(B, "b", 4));

        lanes.sent(A, DeliveryLanes.BUFFER_NANOS / 10, NOW);
        lanes.sent(B, DeliveryLanes.BUFFER_NANOS * 10, NOW);

        assertThat(lanes.laneRoom()).as("A: 2 on the wire + 2 x 10 waiting, less the 3 it holds; B: 2 + 2, less 3")
                .containsEntry(A, 19).containsEntry(B, 1);
    }

    @Test
    void aLanesDepthIsBoundedByTheProcessCapAndAbsentWithoutPrefetch() {
        DeliveryLanes<Job> deep = lanes(2, 2, 8);
        add(deep, jobs(A, "a", 1));
        deep.sent(A, 1, NOW);
        assertThat(deep.laneRoom()).containsExactly(java.util.Map.entry(A, 2 + 8));

        DeliveryLanes<Job> none = lanes(2, 0, 8);
        add(none, jobs(A, "a", 1));
        none.sent(A, 1, NOW);
        assertThat(none.laneRoom()).containsExactly(java.util.Map.entry(A, 2));
    }

    @Test
    void anAttemptBeingRecordedStillHoldsItsProcessSlot() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 2);
        add(lanes, jobs(A, "a", 2));
        add(lanes, jobs(B, "b", 1));

        assertThat(lanes.sent(A, LATENCY, NOW).isEmpty()).as("the process cap still counts it").isTrue();
        assertThat(names(lanes.recorded(NOW).start())).containsExactly("b0");
    }

    @Test
    void aSlowEndpointsFullLaneLeavesAnotherEndpointsDeliveriesFreeToStart() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 16);
        add(lanes, jobs(A, "a", 4));

        DeliveryLanes.Handout<Job> handout = add(lanes, jobs(B, "b", 3));

        assertThat(names(handout.start())).containsExactly("b0", "b1");
        assertThat(lanes.laneRoom()).containsExactly(java.util.Map.entry(B, 1));
    }

    @Test
    void theProcessCapHoldsAttemptsBackAcrossEndpointsAndReleasesThemAsAttemptsEnd() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 3);
        add(lanes, jobs(A, "a", 2));

        DeliveryLanes.Handout<Job> handout = add(lanes, jobs(B, "b", 2));

        assertThat(names(handout.start())).as("one process slot left").containsExactly("b0");
        assertThat(names(finish(lanes, A, NOW).start())).as("A's slot goes to B's waiting delivery").containsExactly("b1");
        assertThat(lanes.running()).isEqualTo(3);
        assertThat(lanes.room()).as("two per process slot, less what is held").isEqualTo(3);
    }

    @Test
    void deliveriesBeyondTheirLanesRoomWaitAndTheLaneTakesNoMoreUntilWorkedDown() {
        DeliveryLanes<Job> lanes = lanes(1, 1, 16);

        DeliveryLanes.Handout<Job> handout = add(lanes, jobs(A, "a", 3));

        assertThat(names(handout.start())).containsExactly("a0");
        assertThat(handout.expired()).as("asked for by a claim and an offer at once: kept, not claimed twice").isEmpty();
        assertThat(lanes.waiting()).isEqualTo(2);
        assertThat(lanes.laneRoom()).as("the lane is past its room").isEmpty();
        assertThat(lanes.freeRoom()).containsExactly(java.util.Map.entry(A, 0));

        assertThat(names(finish(lanes, A, NOW).start())).containsExactly("a1");
        assertThat(names(finish(lanes, A, NOW).start())).containsExactly("a2");
        assertThat(lanes.laneRoom()).containsExactly(java.util.Map.entry(A, 1));
    }

    @Test
    void aClaimIsWorthItOnceTheLanesHaveRoomForAQuarterOfWhatTheyHold() {
        DeliveryLanes<Job> lanes = lanes(2, 6, 16);
        add(lanes, jobs(A, "a", 8));
        assertThat(lanes.worthRefilling()).as("full").isFalse();

        finish(lanes, A, NOW);
        assertThat(lanes.worthRefilling()).as("room for 1 of 8").isFalse();

        finish(lanes, A, NOW);
        assertThat(lanes.worthRefilling()).as("room for 2 of 8").isTrue();
    }

    @Test
    void aLaneFilledPastItsRoomIsNotWorthAClaimUntilWorkedBelowIt() {
        DeliveryLanes<Job> lanes = lanes(2, 6, 16);
        add(lanes, jobs(A, "a", 11));

        finish(lanes, A, NOW);
        finish(lanes, A, NOW);
        assertThat(lanes.worthRefilling()).as("9 held of 8").isFalse();

        finish(lanes, A, NOW);
        finish(lanes, A, NOW);
        finish(lanes, A, NOW);
        assertThat(lanes.worthRefilling()).as("6 held of 8").isTrue();
    }

    @Test
    void anOffersRoomIsTheLeastOfItsLanesWaitingForAFullOneUnlessItsEndpointIsSlowAndANewLanesForOneWithout() {
        DeliveryLanes<Job> lanes = lanes(2, 2, 16);
        add(lanes, jobs(A, "a", 4));
        add(lanes, jobs(B, "b", 1));
        UUID none = UUID.randomUUID();
        DeliveryStore.Offer offer = new DeliveryStore.Offer(lanes.freeRoom(), lanes.newLaneRoom(), NOW);

        assertThat(offer.leastOpenRoom(List.of(A, B, none), Set.of(A))).as("A is full and slow, left out: B's 3, not the new lane's 4")
                .isEqualTo(3);
        assertThat(offer.leastOpenRoom(List.of(A, B, none), Set.of())).as("A is full, not (yet) slow: wait for it").isZero();
        assertThat(offer.leastOpenRoom(List.of(A), Set.of(A))).as("every lane full").isZero();
        assertThat(offer.leastOpenRoom(List.of(none), Set.of())).isEqualTo(lanes.newLaneRoom());
        assertThat(offer.leastOpenRoom(List.of(), Set.of())).as("nothing known yet").isEqualTo(lanes.newLaneRoom());
        assertThat(offer.full(A)).isTrue();
        assertThat(offer.full(B)).isFalse();
        assertThat(offer.full(none)).as("a new lane").isFalse();
    }

    @Test
    void aLaneStarvesWhenItHasAFreeSlotAndNothingWaitingForIt() {
        DeliveryLanes<Job> lanes = lanes(2, 1, 16);
        add(lanes, jobs(A, "a", 3));
        assertThat(lanes.starving()).as("a2 waits behind a0 and a1").isFalse();

        finish(lanes, A, NOW);
        assertThat(lanes.starving()).as("a1 and a2 run: both slots busy").isFalse();

        finish(lanes, A, NOW);
        assertThat(lanes.starving()).as("a2 runs, a slot is free and nothing waits").isTrue();
    }

    @Test
    void aWaitingDeliveryWithTooLittleLeaseLeftComesBackExpiredInsteadOfStarting() {
        DeliveryLanes<Job> lanes = lanes(1, 2, 16);
        add(lanes, List.of(new Job("a0", A, NOW + 1_000), new Job("a1", A, NOW + 10), new Job("a2", A, NOW + 5_000)));

        DeliveryLanes.Handout<Job> next = finish(lanes, A, NOW + 100);

        assertThat(names(next.expired())).containsExactly("a1");
        assertThat(names(next.start())).containsExactly("a2");
        assertThat(lanes.waiting()).isZero();
    }

    @Test
    void aJustClaimedDeliveryThatFitsStartsHoweverLittleLeaseItHasLeft() {
        DeliveryLanes<Job> lanes = lanes(1, 1, 16);

        DeliveryLanes.Handout<Job> handout = add(lanes, List.of(new Job("a0", A, NOW - 1), new Job("a1", A, NOW - 1)));

        assertThat(names(handout.start())).as("a lease of exactly one attempt, as without prefetch").containsExactly("a0");
        assertThat(names(lanes.poll(NOW).expired())).as("but one that has to wait for it cannot").containsExactly("a1");
    }

    @Test
    void pollExpiresWaitingDeliveriesEvenWhileNoAttemptEnds() {
        DeliveryLanes<Job> lanes = lanes(1, 1, 16);
        add(lanes, List.of(new Job("a0", A, NOW + 1_000), new Job("a1", A, NOW + 10)));

        assertThat(lanes.poll(NOW).isEmpty()).as("nothing changed yet").isTrue();
        assertThat(names(lanes.poll(NOW + 11).expired())).containsExactly("a1");
        assertThat(lanes.laneRoom()).containsExactly(java.util.Map.entry(A, 1));
    }

    @Test
    void withoutPrefetchNothingWaitsAndTheRoomIsTheProcessCapLessTheAttempts() {
        DeliveryLanes<Job> lanes = lanes(2, 0, 4);

        DeliveryLanes.Handout<Job> handout = add(lanes, jobs(A, "a", 3));

        assertThat(names(handout.start())).containsExactly("a0", "a1");
        assertThat(names(handout.expired())).containsExactly("a2");
        assertThat(lanes.room()).isEqualTo(2);
        assertThat(lanes.newLaneRoom()).isEqualTo(2);
    }

    @Test
    void anEmptiedLaneStaysServedUntilAClaimFindsNothingForIt() {
        DeliveryLanes<Job> lanes = lanes(1, 0, 4);
        add(lanes, jobs(A, "a", 1));
        finish(lanes, A, NOW);

        assertThat(lanes.endpoints()).as("refilled by the next claim if it can").containsExactly(A);
        assertThat(lanes.laneRoom()).containsExactly(java.util.Map.entry(A, 1));

        add(lanes, Collections.emptyList());

        assertThat(lanes.endpoints()).isEmpty();
    }

    @Test
    void anEmptiedLaneStaysServedWhenTheClaimDidNotTakeAllItsDueDeliveries() {
        DeliveryLanes<Job> lanes = lanes(1, 0, 4);
        add(lanes, jobs(A, "a", 1));
        add(lanes, jobs(B, "b", 1));
        finish(lanes, A, NOW);
        finish(lanes, B, NOW);

        lanes.add(jobs(B, "b", 1), List.of(B), Set.of(B), NOW);
        assertThat(lanes.endpoints()).as("full when the claim was made, so not asked for").containsExactlyInAnyOrder(A, B);

        lanes.add(List.of(), List.of(), Set.of(), NOW);
        assertThat(lanes.endpoints()).as("cut off by the claim's limit").containsExactlyInAnyOrder(A, B);

        lanes.add(List.of(), List.of(), Set.of(A), NOW);
        assertThat(lanes.endpoints()).as("asked for, and nothing more was due").containsExactly(B);
    }

    @Test
    void drainTakesTheWaitingDeliveriesOutAndLeavesRunningAttemptsCounted() {
        DeliveryLanes<Job> lanes = lanes(1, 2, 16);
        add(lanes, jobs(A, "a", 3));

        assertThat(names(lanes.drain())).containsExactly("a1", "a2");
        assertThat(lanes.running()).isEqualTo(1);
        assertThat(finish(lanes, A, NOW).isEmpty()).isTrue();
        assertThat(lanes.running()).isZero();
    }

    @Test
    void anAttemptEndingThatNeverStartedIsABug() {
        DeliveryLanes<Job> lanes = lanes(1, 1, 4);

        assertThatThrownBy(() -> lanes.sent(A, LATENCY, NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lanes.recorded(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lanes(2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
