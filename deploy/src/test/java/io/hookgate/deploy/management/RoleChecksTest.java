package io.hookgate.deploy.management;

import io.hookgate.deploy.Role;
import io.hookgate.dispatcher.health.GroupMembership;
import io.hookgate.dispatcher.health.Heartbeat;
import io.hookgate.dispatcher.health.LoopHealth;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** What /health and /ready answer per role, from the parts' state (the HTTP side is in ManagementPortTest). */
class RoleChecksTest {
    private static final Duration STALL = Duration.ofSeconds(180);
    private final AtomicBoolean postgres = new AtomicBoolean(true);
    private final AtomicBoolean kafka = new AtomicBoolean(true);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final LoopHealth dispatcher = new LoopHealth("dispatcher.consumer", new Heartbeat(), new GroupMembership());
    private final List<LoopHealth> delivery = List.of(new LoopHealth("delivery.worker", new Heartbeat(), null),
            new LoopHealth("delivery.fanout", new Heartbeat(), null));

    private HealthChecks checks(Duration stall, Role... roles) {
        return new RoleChecks(Set.of(roles), stall, postgres::get, kafka::get)
                .build(new ProcessParts(() -> true, () -> true, dispatcher, delivery, stopping::get));
    }

    @Test
    void aDispatcherIsReadyOnceItsConsumerJoinedTheGroup() {
        HealthChecks checks = checks(STALL, Role.DISPATCHER);
        assertThat(checks.ready().up()).isFalse();
        assertThat(checks.ready().body().getJsonObject("checks").getString("dispatcher.consumer.group")).isEqualTo("DOWN");

        dispatcher.membership().assigned(Set.of());

        assertThat(checks.ready().up()).isTrue();
        assertThat(checks.ready().body()).isEqualTo(new JsonObject().put("status", "READY").put("checks", new JsonObject()
                .put("dispatcher.consumer.group", "UP").put("postgres", "UP").put("kafka", "UP")));
    }

    @Test
    void aDispatcherIsNotReadyWhileKafkaOrPostgresIsDownButStaysLive() {
        dispatcher.membership().assigned(Set.of());
        HealthChecks checks = checks(STALL, Role.DISPATCHER);

        kafka.set(false);
        assertThat(checks.ready().up()).isFalse();
        kafka.set(true);
        postgres.set(false);
        assertThat(checks.ready().up()).isFalse();
        assertThat(checks.ready().body().getJsonObject("checks").getString("postgres")).isEqualTo("DOWN");
        kafka.set(false);

        assertThat(checks.live().up()).isTrue();
    }

    @Test
    void aConsumerLoopThatStoppedTurningFailsLiveness() throws InterruptedException {
        HealthChecks checks = checks(Duration.ofNanos(1), Role.DISPATCHER);
        Thread.sleep(2);

        assertThat(checks.live().up()).isFalse();
        assertThat(checks.live().body()).isEqualTo(new JsonObject().put("status", "DOWN")
                .put("checks", new JsonObject().put("dispatcher.consumer", "DOWN")));
    }

    @Test
    void deliveryLivenessWatchesBothLoopsAndReadinessOnlyPostgres() throws InterruptedException {
        HealthChecks checks = checks(STALL, Role.DELIVERY);
        kafka.set(false);
        assertThat(checks.ready().up()).as("delivery needs no Kafka to send").isTrue();
        assertThat(checks.live().body().getJsonObject("checks").fieldNames()).containsExactly("delivery.worker", "delivery.fanout");
        postgres.set(false);
        assertThat(checks.ready().up()).isFalse();

        delivery.get(1).heartbeat().stop();
        HealthChecks tight = checks(Duration.ofNanos(1), Role.DELIVERY);
        Thread.sleep(2);
        assertThat(tight.live().body().getJsonObject("checks").getMap())
                .containsEntry("delivery.worker", "DOWN").containsEntry("delivery.fanout", "UP");
    }

    @Test
    void nothingIsReadyFromTheFirstMomentOfAStopWhileLivenessHolds() {
        dispatcher.membership().assigned(Set.of());
        HealthChecks checks = checks(STALL, Role.INGEST, Role.ADMIN, Role.DISPATCHER, Role.DELIVERY);
        assertThat(checks.ready().up()).isTrue();

        stopping.set(true);

        assertThat(checks.ready().up()).isFalse();
        assertThat(checks.ready().body().getBoolean("stopping")).isTrue();
        assertThat(checks.live().up()).isTrue();
    }

    @Test
    void ingestAndAdminAreLiveWhileTheProcessAnswersAndReadyLikeTheirOwnPorts() {
        HealthChecks checks = checks(STALL, Role.INGEST);
        assertThat(checks.live().body()).isEqualTo(new JsonObject().put("status", "UP").put("checks", new JsonObject()));
        assertThat(checks.ready().body().getJsonObject("checks").fieldNames()).containsExactly("ingest", "postgres", "kafka");
        kafka.set(false);
        assertThat(checks.ready().up()).isFalse();
    }
}
