package io.hookgate.dispatcher;

import io.hookgate.dispatcher.config.DispatcherConfig;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.dispatcher.consume.InboundConsumerVerticle;
import io.hookgate.dispatcher.flows.FlowProcessor;
import io.hookgate.dispatcher.health.GroupMembership;
import io.hookgate.dispatcher.health.Heartbeat;
import io.hookgate.dispatcher.health.LoopHealth;
import io.hookgate.dispatcher.metrics.DispatcherMetrics;
import io.hookgate.dispatcher.outbox.OutboxRelay;
import io.hookgate.dispatcher.retention.Retention;
import io.hookgate.dispatcher.store.HistoryWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dispatcher role: its Postgres pool, the history partitions kept ahead of time, and the inbound
 * consumer. {@link #stop()} closes what {@link #start} opened, consumer first.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Partitions exist for yesterday (late records) through a week ahead, checked hourly. */
    static final int DAYS_BEHIND = 1;
    static final int DAYS_AHEAD = 7;
    private static final long MAINTENANCE_PERIOD_MS = 3_600_000;
    /** The relay is woken after every batch; the tick only picks up what other writers (the admin API) left. */
    private static final long RELAY_PERIOD_MS = 250;

    private final Vertx vertx;
    private final Pool pool;
    private final HistoryWriter writer;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final OutboxRelay relay;
    private final Retention retention;
    private final LoopHealth health = new LoopHealth("dispatcher.consumer", new Heartbeat(), new GroupMembership());
    private long maintenanceTimer = -1;
    private long relayTimer = -1;
    private String deploymentId;

    private Dispatcher(Vertx vertx, DispatcherConfig config, PgConnectOptions pg, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4).setName("hookgate-dispatcher"))
                .connectingTo(pg)
                .using(vertx)
                .build();
        this.writer = new HistoryWriter(pool, new FlowProcessor(clock));
        this.producer = KafkaProducer.create(vertx, config.outputProducerConfig());
        this.producer.exceptionHandler(err -> LOG.debug("Dispatcher producer: {}", err.toString()));
        this.relay = new OutboxRelay(vertx, pool, producer);
        this.retention = new Retention(pool, clock);
    }

    public static Future<Dispatcher> start(Vertx vertx, DispatcherConfig config, PgConnectOptions pg, Clock clock,
                                           MeterRegistry registry, BatchObserver observer) {
        DispatcherMetrics metrics = new DispatcherMetrics(registry);
        Dispatcher dispatcher = new Dispatcher(vertx, config, pg, clock);
        return dispatcher.ensurePartitions()
                .compose(v -> dispatcher.retention.apply().mapEmpty())
                .compose(v -> vertx.deployVerticle(() -> new InboundConsumerVerticle(config, dispatcher.writer,
                                dispatcher.producer, dispatcher.relay, metrics, observer, dispatcher.health),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)))
                .map(id -> {
                    dispatcher.deploymentId = id;
                    dispatcher.maintenanceTimer = vertx.setPeriodic(MAINTENANCE_PERIOD_MS, t -> dispatcher.maintain());
                    dispatcher.relayTimer = vertx.setPeriodic(RELAY_PERIOD_MS, t -> dispatcher.relay.wake());
                    dispatcher.relay.wake();
                    return dispatcher;
                });
    }

    /** The inbound consumer loop's heartbeat and group membership, for liveness and readiness. */
    public LoopHealth health() {
        return health;
    }

    public Future<Void> stop() {
        vertx.cancelTimer(maintenanceTimer);
        vertx.cancelTimer(relayTimer);
        Future<Void> undeployed = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeployed.eventually(producer::close).eventually(pool::close);
    }

    private void maintain() {
        ensurePartitions().onFailure(err -> LOG.warn("History partition maintenance failed: {}", err.toString()));
        relay.purgePublished().onFailure(err -> LOG.warn("Outbox purge failed: {}", err.toString()));
        retention.apply().onFailure(err -> LOG.warn("Retention failed: {}", err.toString()));
    }

    private Future<Void> ensurePartitions() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Set<LocalDate> days = new TreeSet<>();
        for (int d = -DAYS_BEHIND; d <= DAYS_AHEAD; d++) {
            days.add(today.plusDays(d));
        }
        return writer.ensurePartitions(days);
    }
}
