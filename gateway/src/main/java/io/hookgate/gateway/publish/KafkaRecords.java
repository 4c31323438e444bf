package io.hookgate.gateway.publish;

import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/** An {@link IngestRecord} as a CloudEvents binary-mode Kafka record. */
final class KafkaRecords {
    private KafkaRecords() {
    }

    /** Keyed by connection: what the rejected and captured records use. */
    static KafkaProducerRecord<String, byte[]> of(String topic, IngestRecord record) {
        return of(topic, record.connectionId(), record);
    }

    static KafkaProducerRecord<String, byte[]> of(String topic, String key, IngestRecord record) {
        KafkaProducerRecord<String, byte[]> out = KafkaProducerRecord.create(topic, key, record.payload());
        for (CloudEventsCodec.Header header : CloudEventsCodec.headers(record)) {
            out.addHeader(header.key(), Buffer.buffer(header.value()));
        }
        return out;
    }
}
