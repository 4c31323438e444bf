package io.hookgate.deploy.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TopicProbe}'s question — was anything with this request id published? — asked hundreds of times:
 * one consumer tails the topic from the start in the background, and {@link #published} first waits until
 * it has read up to the topic's end as of the call, so a record produced before the answer is never missed.
 */
public final class InboundWatch implements AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread poller;
    /** Asks the broker for the topic's end; used by callers of {@link #published} only, one at a time. */
    private final KafkaConsumer<String, byte[]> offsets;
    private final List<TopicPartition> partitions;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public InboundWatch(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.offsets = consumer();
        this.partitions = offsets.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        this.poller = Thread.ofPlatform().daemon().name("inbound-watch").start(this::poll);
    }

    /** True when a record with this {@code ce_requestid} is on the topic (read to its current end first). */
    public synchronized boolean published(String requestId) {
        Map<TopicPartition, Long> end = offsets.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (end.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the watch did not reach the end of " + topic + " within 20 s");
            }
            sleep();
        }
        return requestIds.contains(requestId);
    }

    @Override
    public synchronized void close() {
        running = false;
        offsets.close();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    String id = TopicProbe.header(r, "ce_requestid");
                    if (id != null) {
                        requestIds.add(id);
                    }
                }
                for (TopicPartition p : partitions) {
                    positions.put(p, consumer.position(p));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
