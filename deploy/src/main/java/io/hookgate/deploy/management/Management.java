package io.hookgate.deploy.management;

import io.hookgate.deploy.HookgateConfig;
import io.hookgate.gateway.metrics.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The management port of one process: its server, and — in a process without the gateway's dependency checks
 * (dispatcher or delivery only) — its own background check of Kafka and PostgreSQL over one connection.
 * {@link #stop()} closes what {@link #start} opened.
 */
public final class Management {
    private final Vertx vertx;
    private final Pool pool;
    private final Readiness ownReadiness;
    private volatile int port = -1;
    private String deploymentId;

    private Management(Vertx vertx, Pool pool, Readiness ownReadiness) {
        this.vertx = vertx;
        this.pool = pool;
        this.ownReadiness = ownReadiness;
    }

    /**
     * Starts the management server of {@code config} (the caller checks {@link HookgateConfig#servesManagement()}).
     *
     * @param gatewayReadiness the gateway's dependency checks when the process runs ingest or admin, else null
     */
    public static Future<Management> start(Vertx vertx, HookgateConfig config, PrometheusMeterRegistry registry,
                                           Readiness gatewayReadiness, PgConnectOptions pg, String kafkaBootstrap,
                                           ProcessParts parts) {
        Management management;
        Future<Void> checked;
        if (gatewayReadiness != null) {
            management = new Management(vertx, null, null);
            checked = Future.succeededFuture();
        } else {
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("hookgate-management"))
                    .connectingTo(pg).using(vertx).build();
            management = new Management(vertx, pool, new Readiness(vertx, pool, kafkaBootstrap));
            checked = management.ownReadiness.start();
        }
        Readiness readiness = gatewayReadiness != null ? gatewayReadiness : management.ownReadiness;
        HealthChecks checks = new RoleChecks(config.roles(), config.livenessStall(), readiness::postgresUp, readiness::kafkaUp)
                .build(parts);
        return checked
                .compose(v -> vertx.deployVerticle(new ManagementVerticle(config.managementPort(), checks, registry,
                        p -> management.port = p)))
                .map(id -> {
                    management.deploymentId = id;
                    return management;
                })
                .recover(err -> management.stop().transform(ignored -> Future.failedFuture(err)));
    }

    /** The port it listens on (the actual one when configured as 0). */
    public int port() {
        return port;
    }

    public Future<Void> stop() {
        Future<Void> undeployed = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeployed
                .eventually(() -> ownReadiness == null ? Future.succeededFuture() : ownReadiness.stop())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }
}
