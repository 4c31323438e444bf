package io.hookgate.dispatcher.outbound;

import io.hookgate.dispatcher.health.Heartbeat;
import io.hookgate.dispatcher.health.LoopHealth;
import io.hookgate.model.crypto.SecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The delivery role: fans platform events out to subscribed endpoints and sends them as signed webhooks.
 * {@link #stop()} closes what {@link #start} opened.
 */
public final class Delivery {
    private final Vertx vertx;
    private final Pool pool;
    private final LoopHealth workerHealth = new LoopHealth("delivery.worker", new Heartbeat(), null);
    private final LoopHealth fanoutHealth = new LoopHealth("delivery.fanout", new Heartbeat(), null);
    private String fanout;
    private String worker;

    private Delivery(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    public static Future<Delivery> start(Vertx vertx, DeliveryConfig config, Map<String, String> consumerConfig, PgConnectOptions pg,
                                         SecretBox box, Clock clock, MeterRegistry registry) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8).setName("hookgate-delivery")).connectingTo(pg).using(vertx).build();
        Delivery delivery = new Delivery(vertx, pool);
        DeploymentOptions virtual = new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD);
        DeliveryStore store = new DeliveryStore(pool, clock);
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        WebhookSender sender = new WebhookSender(vertx, config, clock);
        DeliveryProcessor processor = new DeliveryProcessor(store, sender, new RetryPolicy(config), box, config, metrics, clock);
        DeliveryWorkerVerticle worker = new DeliveryWorkerVerticle(config, store, processor, sender, metrics, delivery.workerHealth.heartbeat());
        return vertx.deployVerticle(worker, virtual)
                .compose(id -> {
                    delivery.worker = id;
                    return vertx.deployVerticle(new EventFanoutVerticle(consumerConfig, store, worker, metrics, delivery.fanoutHealth.heartbeat()), virtual);
                })
                .map(id -> {
                    delivery.fanout = id;
                    return delivery;
                });
    }

    /** The claim loop's and the event fan-out loop's heartbeats, for liveness. */
    public List<LoopHealth> health() {
        return List.of(workerHealth, fanoutHealth);
    }

    /** The fan-out first: nothing is handed to the worker once it stops. */
    public Future<Void> stop() {
        Future<Void> fanout = this.fanout == null ? Future.succeededFuture() : vertx.undeploy(this.fanout);
        return fanout.eventually(() -> worker == null ? Future.succeededFuture() : vertx.undeploy(worker)).eventually(pool::close);
    }
}
