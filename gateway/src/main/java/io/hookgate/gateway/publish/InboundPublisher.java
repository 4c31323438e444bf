package io.hookgate.gateway.publish;

import io.hookgate.model.Topics;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.RecordMetadata;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Publishes accepted webhooks and completes only when the broker acknowledged them (acks=all,
 * idempotent producer), or fails within the publish timeout: the caller then answers 503, never 202.
 */
public final class InboundPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final long timeoutMillis;

    public InboundPublisher(KafkaProducer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeoutMillis = timeout.toMillis();
    }

    public Future<RecordMetadata> publish(IngestRecord record) {
        return producer.send(KafkaRecords.of(Topics.INBOUND, record)).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
