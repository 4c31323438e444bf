package io.hookgate.gateway.limits;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionConcurrencyTest {
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ConnectionConcurrency places = new ConnectionConcurrency(vertx, 2, 10, Duration.ofSeconds(30), WINDOW, nanos::get);

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private List<ConnectionConcurrency.Ticket> enter(String connection, int times) {
        List<ConnectionConcurrency.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            tickets.add(places.enter(connection));
        }
        return tickets;
    }

    private static long granted(List<ConnectionConcurrency.Ticket> tickets) {
        return tickets.stream().filter(t -> t.granted().succeeded()).count();
    }

    @Test
    void whileConnectionsShareThePipelineEachHoldsAtMostItsPlacesAndTheRestWaitInArrivalOrder() {
        places.enter("con_quiet").close();
        List<ConnectionConcurrency.Ticket> noisy = enter("con_noisy", 4);

        assertThat(granted(noisy)).isEqualTo(2);
        noisy.get(0).close();

        assertThat(noisy.get(2).granted().succeeded()).as("the first waiting request gets the freed place").isTrue();
        assertThat(noisy.get(3).granted().isComplete()).isFalse();
        assertThat(places.held("con_noisy")).isEqualTo(2);
    }

    @Test
    void aConnectionHoldingAllItsPlacesNeverDelaysAnotherConnection() {
        List<ConnectionConcurrency.Ticket> noisy = enter("con_noisy", 50);
        List<ConnectionConcurrency.Ticket> quiet = enter("con_quiet", 2);

        assertThat(granted(quiet)).isEqualTo(2);
        assertThat(noisy.stream().filter(t -> !t.granted().isComplete()).count()).isPositive();
    }

    @Test
    void aConnectionSendingAloneMayUseMorePlacesUpToTheAloneLimit() {
        List<ConnectionConcurrency.Ticket> alone = enter("con_only", 12);

        assertThat(granted(alone)).isEqualTo(10);
    }

    @Test
    void theShareAppliesAgainAsSoonAsAnotherConnectionSendsAndStopsAWindowAfterItsLastRequest() {
        places.enter("con_other").close();
        assertThat(granted(enter("con_a", 5))).isEqualTo(2);

        nanos.addAndGet(WINDOW.toNanos() + 1);

        assertThat(granted(enter("con_b", 5))).as("alone again: con_a's requests were all of the window").isEqualTo(5);
    }

    @Test
    void aRequestThatWaitsLongerThanTheLimitGivesUp() {
        ConnectionConcurrency quick = new ConnectionConcurrency(vertx, 1, 1, Duration.ofMillis(50), WINDOW, nanos::get);
        ConnectionConcurrency.Ticket holder = quick.enter("con_a");
        ConnectionConcurrency.Ticket waiter = quick.enter("con_a");

        waiter.granted().toCompletionStage().toCompletableFuture().handle((ok, err) -> err)
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(waiter.granted().cause()).isInstanceOf(ConnectionConcurrency.WaitedTooLong.class);
        waiter.close();
        holder.close();
        assertThat(quick.held("con_a")).isZero();
    }

    @Test
    void aRequestThatStopsWaitingIsNeverGrantedAndEveryPlaceComesBack() {
        places.enter("con_other").close();
        List<ConnectionConcurrency.Ticket> tickets = enter("con_a", 3);
        tickets.get(2).close();

        tickets.get(0).close();
        tickets.get(1).close();
        tickets.get(1).close();

        assertThat(tickets.get(2).granted().isComplete()).isFalse();
        assertThat(places.held("con_a")).as("nothing held, nothing kept for the connection").isZero();
        assertThat(places.enter("con_a").granted().succeeded()).isTrue();
    }
}
