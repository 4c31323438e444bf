package io.hookgate.deploy.management;

import io.hookgate.dispatcher.health.LoopHealth;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The parts of a running process the management port reports on; those of roles it does not run are ignored.
 *
 * @param ingestListening whether the ingest port is open
 * @param adminListening  whether the admin port is open
 * @param dispatcher      the dispatcher's consumer loop (null without the dispatcher role)
 * @param delivery        the delivery role's loops (empty without it)
 * @param stopping        whether the process has begun to stop
 */
public record ProcessParts(BooleanSupplier ingestListening, BooleanSupplier adminListening, LoopHealth dispatcher,
                           List<LoopHealth> delivery, BooleanSupplier stopping) {
    public ProcessParts {
        delivery = List.copyOf(delivery);
    }
}
