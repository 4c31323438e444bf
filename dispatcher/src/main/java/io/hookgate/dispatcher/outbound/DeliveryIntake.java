package io.hookgate.dispatcher.outbound;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * A worker that takes on deliveries as they are scheduled: the event fan-out hands over those that fit the room
 * the worker {@link #offer offers}, not written yet, so a new delivery's first attempt starts at once, with no
 * claim, and its row is written once, with that attempt's result (a claim, an insert and a rewrite of every row
 * fewer). The fan-out commits its events' offsets only once their deliveries are written. Thread-safe.
 */
interface DeliveryIntake {
    /** How many more deliveries this worker can take on now, in all; 0 when it is stopping. */
    int room();

    /** What may be handed to this worker now, per endpoint; empty when it is stopping or has no room. */
    Optional<DeliveryStore.Offer> offer();

    /**
     * Takes on deliveries scheduled under an offer (not written yet); what it cannot start in time it writes due.
     *
     * @return completed once they are taken on (counted in {@link #room})
     */
    Future<Void> adopt(List<DeliveryStore.Claim> claims);
}
