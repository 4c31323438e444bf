package io.hookgate.dispatcher.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatTest {
    private static final Duration LIMIT = Duration.ofSeconds(180);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Heartbeat heartbeat = new Heartbeat(now::get);

    @Test
    void aLoopThatTurnedWithinTheLimitIsAlive() {
        now.addAndGet(LIMIT.toNanos());
        assertThat(heartbeat.alive(LIMIT)).isTrue();
    }

    @Test
    void aLoopThatHasNotTurnedForLongerThanTheLimitIsWedged() {
        now.addAndGet(LIMIT.toNanos() + 1);
        assertThat(heartbeat.alive(LIMIT)).isFalse();
        assertThat(heartbeat.sinceLastBeat()).isEqualTo(LIMIT.plusNanos(1));
    }

    @Test
    void eachTurnRestartsTheCount() {
        now.addAndGet(LIMIT.toNanos());
        heartbeat.beat();
        now.addAndGet(LIMIT.toNanos());
        assertThat(heartbeat.alive(LIMIT)).isTrue();
    }

    @Test
    void aLoopAskedToStopIsNotWedgedWhenItStopsTurning() {
        heartbeat.stop();
        now.addAndGet(LIMIT.toNanos() * 10);
        assertThat(heartbeat.alive(LIMIT)).isTrue();
    }
}
