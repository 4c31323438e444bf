package io.hookgate.gateway.connection;

import io.hookgate.gateway.verify.NoneVerifier;
import io.hookgate.model.net.IpAllowList;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static io.hookgate.gateway.connection.Connections.aConnection;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Loader loader = new Loader();
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final ConnectionCache cache = new ConnectionCache(loader::load, 3, Duration.ZERO, clock);

    /** Loads answer at once with what {@link #next} holds, or stay pending when {@link #hold} is set. */
    private static final class Loader {
        final List<String> loads = new ArrayList<>();
        final Deque<Promise<Optional<LiveConnection>>> pending = new ArrayDeque<>();
        Optional<LiveConnection> next = Optional.of(live("con_1", null));
        boolean hold;
        RuntimeException failure;

        Future<Optional<LiveConnection>> load(String id) {
            loads.add(id);
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            if (hold) {
                Promise<Optional<LiveConnection>> promise = Promise.promise();
                pending.add(promise);
                return promise.future();
            }
            return Future.succeededFuture(next);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static LiveConnection live(String id, Instant reloadAt) {
        return new LiveConnection(aConnection().id(id).build(), NoneVerifier.INSTANCE, null, IpAllowList.ANYONE, reloadAt, null);
    }

    private Optional<LiveConnection> get(String id) {
        return get(cache, id);
    }

    /** A cache with a {@link #GRACE} offline grace, listening, having cached {@code ids}. */
    private ConnectionCache gracefulCaching(String... ids) {
        ConnectionCache graceful = new ConnectionCache(loader::load, 3, GRACE, clock);
        graceful.listening();
        for (String id : ids) {
            get(graceful, id);
        }
        return graceful;
    }

    private static Optional<LiveConnection> get(ConnectionCache cache, String id) {
        Future<Optional<LiveConnection>> f = cache.get(id);
        assertThat(f.isComplete()).as("answered at once").isTrue();
        assertThat(f.succeeded()).as("answered").isTrue();
        return f.result();
    }

    @Test
    void whileNotListeningNothingIsCachedSoNoChangeIsMissed() {
        get("con_1");
        get("con_1");

        assertThat(loader.loads).containsExactly("con_1", "con_1");
        assertThat(cache.size()).isZero();
    }

    @Test
    void onceListeningAConnectionIsLoadedOnce() {
        cache.listening();

        Optional<LiveConnection> first = get("con_1");
        Optional<LiveConnection> second = get("con_1");

        assertThat(loader.loads).containsExactly("con_1");
        assertThat(second).isSameAs(first);
    }

    @Test
    void anUnknownConnectionIsCachedAsUnknownToo() {
        cache.listening();
        loader.next = Optional.empty();

        assertThat(get("con_nope")).isEmpty();
        assertThat(get("con_nope")).isEmpty();
        assertThat(loader.loads).containsExactly("con_nope");
    }

    @Test
    void anInvalidatedConnectionIsLoadedAgain() {
        cache.listening();
        get("con_1");
        get("con_2");

        cache.invalidate("con_1");
        get("con_1");
        get("con_2");

        assertThat(loader.loads).containsExactly("con_1", "con_2", "con_1");
    }

    @Test
    void anOrganisationsQuotaChangeReloadsItsConnectionsOnly() {
        cache.listening();
        loader.next = Optional.of(new LiveConnection(aConnection().id("con_a1").organisation("org_a").build(),
                NoneVerifier.INSTANCE, null, IpAllowList.ANYONE, null, 100));
        get("con_a1");
        loader.next = Optional.of(new LiveConnection(aConnection().id("con_b1").organisation("org_b").build(),
                NoneVerifier.INSTANCE, null, IpAllowList.ANYONE, null, null));
        get("con_b1");
        loader.next = Optional.empty();
        get("con_unknown");

        cache.invalidateOrganisation("org_a");
        get("con_a1");
        get("con_b1");
        get("con_unknown");

        assertThat(loader.loads).containsExactly("con_a1", "con_b1", "con_unknown", "con_a1");
    }

    @Test
    void aLoadThatStartedBeforeAnOrganisationChangeIsNotCached() {
        cache.listening();
        loader.hold = true;
        Future<Optional<LiveConnection>> inFlight = cache.get("con_1");

        cache.invalidateOrganisation("org_ABCDEFGHIJKLMNOPQRSTUVWX");
        loader.pending.poll().complete(Optional.of(live("con_1", null)));

        assertThat(inFlight.succeeded()).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aLoadThatStartedBeforeAnInvalidationIsNotCached() {
        cache.listening();
        loader.hold = true;
        Future<Optional<LiveConnection>> inFlight = cache.get("con_1");

        cache.invalidate("con_1");
        loader.pending.poll().complete(Optional.of(live("con_1", null)));

        assertThat(inFlight.result()).isPresent();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anyInvalidationKeepsEveryLoadInFlightOutOfTheCache() {
        cache.listening();
        loader.hold = true;
        Future<Optional<LiveConnection>> inFlight = cache.get("con_1");

        cache.invalidate("con_other");
        loader.pending.poll().complete(Optional.of(live("con_1", null)));

        assertThat(inFlight.succeeded()).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aLoadThatStartedBeforeListeningIsNotCached() {
        loader.hold = true;
        Future<Optional<LiveConnection>> inFlight = cache.get("con_1");

        cache.listening();
        loader.pending.poll().complete(Optional.of(live("con_1", null)));

        assertThat(inFlight.succeeded()).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whileDeafWhatWasCachedIsServedForTheOfflineGraceThenNotAtAll() {
        ConnectionCache graceful = gracefulCaching("con_1");

        graceful.deaf();
        clock.advance(GRACE.minusMillis(1));
        get(graceful, "con_1");
        assertThat(loader.loads).as("served from the cache within the grace").containsExactly("con_1");

        clock.advance(Duration.ofMillis(1));
        loader.failure = new IllegalStateException("database away");
        assertThat(graceful.get("con_1").failed()).as("past the grace, the database is asked and its failure answered").isTrue();
        assertThat(loader.loads).containsExactly("con_1", "con_1");
    }

    @Test
    void whileDeafALoadIsAnsweredButNotCached() {
        ConnectionCache graceful = gracefulCaching();
        graceful.deaf();

        get(graceful, "con_2");
        get(graceful, "con_2");

        assertThat(loader.loads).containsExactly("con_2", "con_2");
        assertThat(graceful.size()).isZero();
    }

    @Test
    void anotherDropDuringTheGraceDoesNotExtendIt() {
        ConnectionCache graceful = gracefulCaching("con_1");
        graceful.deaf();

        clock.advance(Duration.ofSeconds(20));
        graceful.deaf(); // a reconnect attempt failed
        clock.advance(Duration.ofSeconds(10));
        get(graceful, "con_1");

        assertThat(loader.loads).containsExactly("con_1", "con_1");
    }

    @Test
    void listeningAgainAfterAnOutageStartsAfreshAndServesWithoutLimitAgain() {
        ConnectionCache graceful = gracefulCaching("con_1");
        graceful.deaf();
        clock.advance(Duration.ofSeconds(5));

        graceful.listening();
        get(graceful, "con_1");
        clock.advance(GRACE.multipliedBy(10));
        get(graceful, "con_1");

        assertThat(loader.loads).as("reloaded once after the outage (changes may have been missed), then cached").containsExactly("con_1", "con_1");
    }

    @Test
    void goingDeafWithAZeroGraceForgetsEverythingAndStopsCaching() {
        cache.listening();
        get("con_1");

        cache.deaf();
        get("con_1");
        get("con_1");

        assertThat(cache.size()).isZero();
        assertThat(loader.loads).containsExactly("con_1", "con_1", "con_1");
    }

    @Test
    void listeningAgainStartsFromAnEmptyCache() {
        cache.listening();
        get("con_1");

        cache.listening();
        get("con_1");

        assertThat(loader.loads).containsExactly("con_1", "con_1");
    }

    @Test
    void anEntryIsReloadedWhenItsGracePeriodCredentialRunsOut() {
        cache.listening();
        loader.next = Optional.of(live("con_1", T0.plusSeconds(60)));
        get("con_1");

        clock.advance(Duration.ofSeconds(59));
        get("con_1");
        assertThat(loader.loads).hasSize(1);

        loader.next = Optional.of(live("con_1", null));
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("con_1").orElseThrow().reloadAt()).isNull();
        get("con_1");
        assertThat(loader.loads).hasSize(2);
    }

    @Test
    void aFailedLoadIsPassedOnAndNotCached() {
        cache.listening();
        loader.failure = new IllegalStateException("postgres down");

        Future<Optional<LiveConnection>> f = cache.get("con_1");

        assertThat(f.failed()).isTrue();
        assertThat(f.cause()).hasMessage("postgres down");
        assertThat(cache.size()).isZero();
        loader.failure = null;
        get("con_1");
        assertThat(cache.size()).isOne();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsMaximum() {
        cache.listening();
        for (int i = 0; i < 10; i++) {
            get("con_" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        get("con_9");
        assertThat(loader.loads).as("the newest entry survived the eviction").hasSize(10);
    }

    @Test
    void aFullCacheDropsAnEighthOfItsEntriesNotAllOfThem() {
        ConnectionCache large = new ConnectionCache(loader::load, 16, Duration.ZERO, clock);
        large.listening();
        for (int i = 0; i < 17; i++) {
            large.get("con_" + i);
        }
        assertThat(large.size()).isEqualTo(15);
    }

    @Test
    void concurrentMissesOfOneConnectionShareOneLoad() {
        cache.listening();
        loader.hold = true;
        Future<Optional<LiveConnection>> first = cache.get("con_1");
        Future<Optional<LiveConnection>> second = cache.get("con_1");
        loader.pending.poll().complete(Optional.of(live("con_1", null)));

        assertThat(loader.loads).containsExactly("con_1");
        assertThat(first.result()).isPresent();
        assertThat(second.result()).isEqualTo(first.result());
    }

    @Test
    void aMissAfterAnInvalidationDoesNotJoinALoadThatStartedBeforeIt() {
        cache.listening();
        loader.hold = true;
        cache.get("con_1");
        cache.invalidate("con_1");
        cache.get("con_1");

        assertThat(loader.loads).as("the second caller must see the change, not the older load").containsExactly("con_1", "con_1");
    }
}
