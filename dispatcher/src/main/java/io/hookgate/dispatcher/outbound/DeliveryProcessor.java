package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** One attempt of one claimed delivery: build the signed request, send it, decide, record. Virtual thread. */
final class DeliveryProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final DeliveryStore store;
    private final WebhookSender sender;
    private final RetryPolicy policy;
    /** Endpoints kept opened: far more than one worker serves at once (its lanes), few enough to stay small. */
    private static final int OPENED_ENDPOINTS = 10_000;
    private final CredentialsCache credentials;
    private final DeliveryConfig config;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    DeliveryProcessor(DeliveryStore store, WebhookSender sender, RetryPolicy policy, SecretBox box, DeliveryConfig config,
                      DeliveryMetrics metrics, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.policy = policy;
        this.credentials = new CredentialsCache(box, OPENED_ENDPOINTS);
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param endpoint the claim's endpoint as read with its batch; empty when it no longer exists
     * @param sent     run once the receiver is done with the attempt (or none was made), before it is recorded
     */
    void process(DeliveryStore.Claim claim, Optional<DeliveryStore.Endpoint> endpoint, Runnable sent) {
        endpoint = endpoint.filter(DeliveryStore.Endpoint::usable);
        if (endpoint.isEmpty()) {
            sent.run();
            // Deactivated or deleted since the event fanned out: the delivery ends without an attempt.
            store.settle(claim, null, new RetryPolicy.Verdict(RetryPolicy.Step.FAILED, null, null));
            return;
        }
        int attempt = claim.attemptsSoFar() + 1;
        int maxAttempts = config.maxAttempts(claim.environment(), endpoint.get().maxAttempts());
        String messageId = "msg_" + claim.id();
        OutgoingRequest request;
        try {
            request = OutgoingRequest.build(credentials.get(claim.endpointId(), endpoint.get()), messageId,
                    clock.instant().getEpochSecond(), claim.payload());
        } catch (OutgoingRequest.Unreadable e) {
            LOG.warn("Delivery {} of endpoint {} fails: {}", claim.id(), claim.endpointId(), e.getMessage());
            sent.run();
            record(claim, new DeliveryStore.AttemptLog(attempt, new JsonObject(), AttemptResult.failed("secret_unreadable", 0, false)),
                    maxAttempts);
            return;
        }
        AttemptResult result = sender.send(endpoint.get().url(), request.headers(), claim.payload(),
                config.attemptDeadlineNanos(claim.claimedAtNanos()));
        sent.run();
        record(claim, new DeliveryStore.AttemptLog(attempt, request.masked(), result), maxAttempts);
    }

    private void record(DeliveryStore.Claim claim, DeliveryStore.AttemptLog log, int maxAttempts) {
        AttemptResult result = log.result();
        boolean failingTooLong = !result.succeeded() && store.markFailing(claim.endpointId(), config.disableAfterFailingFor());
        RetryPolicy.Verdict verdict = policy.decide(result, log.attempt(), maxAttempts, failingTooLong, ThreadLocalRandom.current().nextDouble());
        metrics.attempt(result, verdict);
        if (!store.settle(claim, log, verdict)) {
            metrics.leaseLost();
            LOG.warn(claim.unwritten()
                            ? "Delivery {} was written meanwhile (its event fanned out twice); attempt {}'s result is logged, not applied"
                            : "Delivery {} was taken over by another worker while attempt {} ran; its result is logged, not applied",
                    claim.id(), log.attempt());
        } else if (verdict.step() == RetryPolicy.Step.DISABLE) {
            LOG.warn("Disabled webhook endpoint {}: {}", claim.endpointId(), verdict.disableReason());
        }
    }
}
