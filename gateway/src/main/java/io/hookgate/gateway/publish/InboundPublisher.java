package io.hookgate.gateway.publish;

import io.hookgate.model.Topics;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Publishes accepted webhooks and completes only when the broker acknowledged them (acks=all,
 * idempotent producer), or fails within the publish timeout: the caller then answers 503, never 202.
 */
public final class InboundPublisher {
    private final KafkaSender sender;
    private final long timeoutMillis;

    public InboundPublisher(KafkaSender sender, Duration timeout) {
        this.sender = sender;
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * @param key the record's Kafka key: {@link #key(String, String)}
     */
    public Future<RecordMetadata> publish(String key, IngestRecord record) {
        return sender.send(KafkaRecords.of(Topics.INBOUND, key, record)).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The key of an accepted webhook: its connection and, when the connection names a contact identifier, that
     * contact ({@code con_…:+447700900123}). One contact's webhooks on one connection stay in order on one
     * partition, and a busy connection spreads over all of them instead of being bound to one.
     *
     * @param contact the contact identifier in its normal form, or null when the connection has none
     */
    public static String key(String connectionId, String contact) {
        return contact == null ? connectionId : connectionId + ":" + contact;
    }
}
