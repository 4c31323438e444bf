package io.hookgate.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Baseline (b): a raw Kafka producer with the same settings and record size, as fast as it acknowledges. */
final class KafkaCeiling {
    private KafkaCeiling() {
    }

    /** Records acknowledged per second over {@code seconds}, with at most {@code inFlight} unacknowledged. */
    static long recordsPerSecond(Map<String, String> producerConfig, String topic, int recordBytes, int seconds, int inFlight)
            throws InterruptedException {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        byte[] value = Bodies.json(recordBytes).getBytes();
        Semaphore window = new Semaphore(inFlight);
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long n = 0;
            while (System.nanoTime() < end) {
                window.acquire();
                producer.send(new ProducerRecord<>(topic, "k" + (n++ % 64), value), (md, err) -> {
                    if (err == null) {
                        acked.incrementAndGet();
                    }
                    window.release();
                });
            }
            producer.flush();
        }
        return acked.get() / seconds;
    }
}
