package io.hookgate.gateway.publish;

import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.IngestRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An {@link IngestRecord} as a CloudEvents binary-mode Kafka record: the one place that makes them, for the gateway's
 * publishers and for whoever else must put records on Hookgate's topics as the gateway does (tests, the benchmark).
 */
public final class KafkaRecords {
    private KafkaRecords() {
    }

    /** Keyed by connection: what the rejected and captured records use. */
    public static ProducerRecord<String, byte[]> of(String topic, IngestRecord record) {
        return of(topic, record.connectionId(), record);
    }

    public static ProducerRecord<String, byte[]> of(String topic, String key, IngestRecord record) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventsCodec.write(record, headers::add);
        return new ProducerRecord<>(topic, null, key, record.payload(), headers);
    }
}
