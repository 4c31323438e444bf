package io.hookgate.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Baseline (a): the least a Vert.x→Kafka webhook pipe can do — read the body, produce it with the same
 * producer settings as Hookgate (acks=all, idempotent), answer 202 after the acknowledgement. No
 * routing, verification, parsing, headers or history.
 */
final class BareIngestVerticle extends VerticleBase {
    static final String TOPIC = "bench.bare";
    private final Map<String, String> producerConfig;
    private final IntConsumer onListening;
    private KafkaProducer<String, byte[]> producer;
    private HttpServer server;

    BareIngestVerticle(Map<String, String> producerConfig, IntConsumer onListening) {
        this.producerConfig = producerConfig;
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.createShared(vertx, "bench-bare", producerConfig);
        server = vertx.createHttpServer().requestHandler(req -> req.body()
                .compose(body -> producer.send(KafkaProducerRecord.create(TOPIC, req.path(), body.getBytes())))
                .onComplete(ar -> req.response().setStatusCode(ar.succeeded() ? 202 : 503).end()));
        return server.listen(-2).onSuccess(s -> onListening.accept(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server.close().eventually(() -> producer.close());
    }
}
