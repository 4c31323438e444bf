package io.hookgate.deploy.manifests;

import io.hookgate.deploy.HookgateConfig;
import io.hookgate.deploy.Role;
import io.hookgate.dispatcher.consume.InboundConsumerVerticle;
import io.hookgate.dispatcher.outbound.DeliveryConfig;
import io.hookgate.dispatcher.outbound.EventFanoutVerticle;
import io.hookgate.gateway.admin.AdminVerticle;
import io.hookgate.gateway.ingest.IngestVerticle;

import java.time.Duration;

/**
 * The longest a clean stop of one process can take: Hookgate stops its roles one after another, and each
 * waits at most its own bound (the constants the code itself uses) before moving on. A supervisor's grace
 * period shorter than this may SIGKILL a process mid-drain.
 */
final class DrainBudget {
    /** Closing the clients, pools and Vert.x once the drains are done. */
    static final Duration CLOSE_SLACK = Duration.ofSeconds(5);

    private DrainBudget() {
    }

    static Duration of(HookgateConfig config) {
        Duration budget = CLOSE_SLACK;
        if (config.runs(Role.INGEST)) {
            budget = budget.plus(IngestVerticle.DRAIN_TIMEOUT);
        }
        if (config.runs(Role.ADMIN)) {
            budget = budget.plus(AdminVerticle.DRAIN_TIMEOUT);
        }
        if (config.runs(Role.DISPATCHER)) {
            budget = budget.plus(InboundConsumerVerticle.STOP_TIMEOUT);
        }
        if (config.runs(Role.DELIVERY)) {
            budget = budget.plus(DeliveryConfig.fromEnv(config.env(), "manifest:9092").stopTimeout())
                    .plus(EventFanoutVerticle.STOP_TIMEOUT);
        }
        return budget;
    }
}
