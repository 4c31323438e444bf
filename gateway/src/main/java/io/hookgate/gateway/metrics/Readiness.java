package io.hookgate.gateway.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether this process can do its job: PostgreSQL answers and the Kafka cluster answers. Checked every
 * few seconds in the background, so {@code /ready} costs nothing and never waits on a dead dependency.
 */
public final class Readiness {
    private static final long PERIOD_MS = 2000;
    private static final long CHECK_TIMEOUT_MS = 3000;

    private final Vertx vertx;
    private final Pool pool;
    private final KafkaAdminClient kafka;
    private volatile boolean postgresUp;
    private volatile boolean kafkaUp;
    private long timer = -1;

    public Readiness(Vertx vertx, Pool pool, String kafkaBootstrap) {
        this.vertx = vertx;
        this.pool = pool;
        this.kafka = KafkaAdminClient.create(vertx, Map.of(
                "bootstrap.servers", kafkaBootstrap,
                "client.id", "hookgate-readiness",
                "request.timeout.ms", "2000",
                "default.api.timeout.ms", "2500"));
    }

    /** Runs the first check and then keeps checking; completes after the first check. */
    public Future<Void> start() {
        return check().onComplete(v -> timer = vertx.setPeriodic(PERIOD_MS, t -> check()));
    }

    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return kafka.close();
    }

    public boolean ready() {
        return postgresUp && kafkaUp;
    }

    /** Whether PostgreSQL answered the last check. */
    public boolean postgresUp() {
        return postgresUp;
    }

    /** Whether the Kafka cluster answered the last check. */
    public boolean kafkaUp() {
        return kafkaUp;
    }

    public JsonObject status() {
        return new JsonObject()
                .put("status", ready() ? "READY" : "NOT_READY")
                .put("postgres", postgresUp ? "UP" : "DOWN")
                .put("kafka", kafkaUp ? "UP" : "DOWN");
    }

    private Future<Void> check() {
        Future<Void> pg = pool.query("SELECT 1").execute().timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onComplete(ar -> postgresUp = ar.succeeded()).mapEmpty();
        Future<Void> broker = kafka.describeCluster().timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onComplete(ar -> kafkaUp = ar.succeeded()).mapEmpty();
        return Future.join(pg, broker).otherwiseEmpty().mapEmpty();
    }
}
