package io.hookgate.bench;

import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.event.IngestRecord;
import org.HdrHistogram.Recorder;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench dispatcher's {@link BatchObserver}, told after each batch is durable in PostgreSQL: how many records it
 * has stored, and while a paced run is measured, the lag of each of that run's records (from its due time to now,
 * when its history row is visible).
 */
final class DispatcherProbe implements BatchObserver {
    private final AtomicLong stored = new AtomicLong();
    private volatile Paced paced;

    private record Paced(String requestIdPrefix, Recorder lag) {
    }

    @Override
    public void stored(List<IngestRecord> records) {
        stored.addAndGet(records.size());
        Paced measuring = paced;
        if (measuring != null) {
            Instant now = Instant.now();
            for (IngestRecord record : records) {
                if (record.requestId() != null && record.requestId().startsWith(measuring.requestIdPrefix())) {
                    EndToEnd.recordLag(measuring.lag(), record, now);
                }
            }
        }
    }

    long stored() {
        return stored.get();
    }

    /** Records the lag of the records whose request ids start with {@code requestIdPrefix}, into the recorder returned, until {@link #stop}. */
    Recorder measure(String requestIdPrefix) {
        Recorder lag = EndToEnd.lagRecorder();
        paced = new Paced(requestIdPrefix, lag);
        return lag;
    }

    void stop() {
        paced = null;
    }
}
