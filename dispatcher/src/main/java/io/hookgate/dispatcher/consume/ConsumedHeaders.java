package io.hookgate.dispatcher.consume;

import io.hookgate.model.event.CloudEventsCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;

import java.util.ArrayList;
import java.util.List;

/** A consumed record's headers as the codecs read them (a header without a value stays one, with a null value). */
public final class ConsumedHeaders {
    private ConsumedHeaders() {
    }

    public static List<CloudEventsCodec.Header> of(KafkaConsumerRecord<?, ?> record) {
        List<CloudEventsCodec.Header> headers = new ArrayList<>(record.headers().size());
        for (KafkaHeader h : record.headers()) {
            Buffer value = h.value();
            headers.add(new CloudEventsCodec.Header(h.key(), value == null ? null : value.getBytes()));
        }
        return headers;
    }
}
