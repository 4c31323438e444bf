package io.hookgate.deploy.management;

import io.hookgate.deploy.Role;
import io.hookgate.dispatcher.health.LoopHealth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What liveness and readiness mean for each role of a process:
 * <ul>
 *   <li>ingest, admin — live while the process answers (their loops are Vert.x's event loops); ready while the
 *       port listens and Kafka and PostgreSQL answer, as their own {@code /ready} says;</li>
 *   <li>dispatcher — live while its consumer loop turns (polls, or retries a write) within the stall limit;
 *       ready once its consumer has joined the group, and while Kafka and PostgreSQL answer;</li>
 *   <li>delivery — live while its claim loop and its event fan-out loop turn; ready while PostgreSQL answers
 *       (claims and attempts need nothing else).</li>
 * </ul>
 * Liveness never depends on Kafka or PostgreSQL: a loop waiting on a dead dependency still turns between retries.
 */
final class RoleChecks {
    private final Set<Role> roles;
    private final Duration stall;
    private final BooleanSupplier postgresUp;
    private final BooleanSupplier kafkaUp;

    /** {@code postgresUp} and {@code kafkaUp} answer from the last background check (see {@code Readiness}). */
    RoleChecks(Set<Role> roles, Duration stall, BooleanSupplier postgresUp, BooleanSupplier kafkaUp) {
        this.roles = Set.copyOf(roles);
        this.stall = stall;
        this.postgresUp = postgresUp;
        this.kafkaUp = kafkaUp;
    }

    /** The checks of this process's roles. */
    HealthChecks build(ProcessParts parts) {
        List<Check> liveness = new ArrayList<>();
        List<Check> readiness = new ArrayList<>();
        if (roles.contains(Role.INGEST)) {
            readiness.add(new Check("ingest", parts.ingestListening()));
        }
        if (roles.contains(Role.ADMIN)) {
            readiness.add(new Check("admin", parts.adminListening()));
        }
        if (roles.contains(Role.DISPATCHER)) {
            LoopHealth dispatcher = parts.dispatcher();
            liveness.add(turning(dispatcher));
            readiness.add(new Check(dispatcher.name() + ".group", dispatcher.membership()::joined));
        }
        if (roles.contains(Role.DELIVERY)) {
            parts.delivery().forEach(loop -> liveness.add(turning(loop)));
        }
        readiness.add(new Check("postgres", postgresUp));
        if (roles.contains(Role.INGEST) || roles.contains(Role.ADMIN) || roles.contains(Role.DISPATCHER)) {
            readiness.add(new Check("kafka", kafkaUp));
        }
        return new HealthChecks(liveness, readiness, parts.stopping());
    }

    private Check turning(LoopHealth loop) {
        return new Check(loop.name(), () -> loop.heartbeat().alive(stall));
    }
}
