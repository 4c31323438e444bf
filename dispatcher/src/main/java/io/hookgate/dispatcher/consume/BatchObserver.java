package io.hookgate.dispatcher.consume;

import io.hookgate.model.event.IngestRecord;

import java.util.List;

/**
 * Told when a batch is durable in Postgres and its offsets are about to be committed. Production uses
 * {@link #NONE}; fault-injection tests use it to stop the dispatcher exactly between the two commits.
 */
@FunctionalInterface
public interface BatchObserver {
    BatchObserver NONE = records -> {
    };

    void stored(List<IngestRecord> records);
}
