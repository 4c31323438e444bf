package io.hookgate.gateway.publish;

import io.hookgate.model.Topics;
import io.hookgate.model.event.IngestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends rejected requests to {@code hookgate.rejected} for history, without making the caller wait,
 * within a per-connection budget so that a flood of forgeries cannot drown history or the broker.
 */
public final class RejectedPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedPublisher.class);
    private final KafkaSender sender;
    private final RejectionBudget budget;

    public RejectedPublisher(KafkaSender sender, RejectionBudget budget) {
        this.sender = sender;
        this.budget = budget;
    }

    /** Returns false when the record was dropped because its connection is over budget. */
    public boolean offer(IngestRecord record) {
        String budgetKey = record.organisationId() == null ? "unknown-connection" : record.connectionId();
        if (!budget.tryAcquire(budgetKey)) {
            return false;
        }
        sender.send(KafkaRecords.of(Topics.REJECTED, record))
                .onFailure(err -> LOG.debug("Rejected record of request {} not published: {}", record.requestId(), err.toString()));
        return true;
    }
}
