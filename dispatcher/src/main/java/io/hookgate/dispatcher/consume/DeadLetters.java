package io.hookgate.dispatcher.consume;

import io.hookgate.model.Topics;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * {@code hookgate.inbound.dlq}: the original record, untouched, plus headers saying where it came from
 * and why it was set aside.
 */
final class DeadLetters {
    static final String REASON = "hookgate_dlq_reason";
    static final String ORIGIN = "hookgate_dlq_origin";

    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    Future<Void> send(KafkaConsumerRecord<String, byte[]> record, String reason) {
        KafkaProducerRecord<String, byte[]> out = KafkaProducerRecord.create(Topics.INBOUND_DLQ, record.key(), record.value());
        out.addHeaders(record.headers());
        out.addHeader(REASON, reason);
        out.addHeader(ORIGIN, record.topic() + "/" + record.partition() + "@" + record.offset());
        return producer.send(out).mapEmpty();
    }

}
