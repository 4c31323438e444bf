package io.hookgate.deploy;

import io.hookgate.deploy.management.Management;
import io.hookgate.deploy.management.ProcessParts;
import io.hookgate.dispatcher.Dispatcher;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.dispatcher.outbound.Delivery;
import io.hookgate.dispatcher.outbound.DeliveryConfig;
import io.hookgate.gateway.GatewayServices;
import io.hookgate.gateway.admin.AdminVerticle;
import io.hookgate.gateway.admin.OrganisationStore;
import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.gateway.ingest.IngestVerticle;
import io.hookgate.gateway.publish.KafkaSender;
import io.hookgate.model.crypto.SecretBox;
import io.hookgate.model.db.PgSettings;
import io.hookgate.model.db.SchemaMigrator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Hookgate process: the roles of its configuration, started in dependency order (broker, topics,
 * schema, shared services, verticles) and closed in reverse. Used by {@link Main} and, in-process on
 * port 0, by the end-to-end tests.
 */
public final class Hookgate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hookgate.class);
    private static final long STEP_TIMEOUT_SECONDS = 60;
    /** Longer than any statement of ours (the driver's default, 2,048 characters, would leave the longest uncached). */
    private static final int PREPARED_SQL_LIMIT = 16 * 1024;

    private final HookgateConfig config;
    private final Clock clock;
    private final BatchObserver observer;
    private final AtomicInteger ingestPort = new AtomicInteger(-1);
    private final AtomicInteger adminPort = new AtomicInteger(-1);
    private final List<String> gatewayDeployments = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private EmbeddedKafka embeddedKafka;
    private String bootstrap;
    private Vertx vertx;
    private PrometheusMeterRegistry registry;
    private GatewayServices gatewayServices;
    private KafkaSender ingestSender;
    private Dispatcher dispatcher;
    private Delivery delivery;
    private AdminVerticle adminVerticle;
    private Management management;
    private boolean closed;

    private Hookgate(HookgateConfig config, Clock clock, BatchObserver observer) {
        this.config = config;
        this.clock = clock;
        this.observer = observer;
    }

    /** Starts everything the configuration asks for and returns once it is serving. Blocking. */
    public static Hookgate start(HookgateConfig config, Clock clock, BatchObserver observer) throws IOException {
        Hookgate app = new Hookgate(config, clock, observer);
        try {
            app.startAll();
            return app;
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        bootstrap = config.kafkaBootstrap();
        if (bootstrap == null) {
            embeddedKafka = new EmbeddedKafka(config.dataDir().resolve("kafka"), config.embeddedKafkaPort()).start();
            bootstrap = embeddedKafka.bootstrapServers();
        }
        TopicSetup.ensureTopics(bootstrap, config.topicPartitions(), config.replicationFactor());
        SchemaMigrator.migrate(config.pg());

        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SecretBox secretBox = MasterKey.load(config.masterKey(), config.dataDir());
        vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        PgConnectOptions pg = pgOptions(config.pg());
        GatewayConfig gatewayConfig = config.gateway(bootstrap);
        if (config.runs(Role.INGEST) || config.runs(Role.ADMIN)) {
            gatewayServices = await(GatewayServices.start(vertx, gatewayConfig, pg, secretBox, clock, registry));
            if (config.bootstrapApiKey() != null) {
                OrganisationStore organisations = new OrganisationStore(gatewayServices.pool());
                await(organisations.ensureOrganisation("default")
                        .compose(orgId -> organisations.registerKey(orgId, config.bootstrapApiKey())));
            }
        }
        if (config.runs(Role.INGEST)) {
            ingestSender = KafkaSender.open(gatewayConfig.producerConfig(), "hookgate-ingest-sender");
            gatewayDeployments.add(await(vertx.deployVerticle(
                    () -> new IngestVerticle(gatewayConfig, gatewayServices, ingestSender, clock, ingestPort::set),
                    new DeploymentOptions().setInstances(gatewayConfig.ingestInstances()))));
        }
        if (gatewayServices != null) {
            gatewayServices.defaultPublicBaseUrl("http://localhost:" + (ingestPort.get() > 0 ? ingestPort.get() : gatewayConfig.ingestPort()));
        }
        if (config.runs(Role.ADMIN)) {
            adminVerticle = new AdminVerticle(gatewayConfig, gatewayServices,
                    gatewayServices::publicBaseUrl, clock, registry,
                    adminPort::set);
            gatewayDeployments.add(await(vertx.deployVerticle(adminVerticle,
                    new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))));
        }
        if (config.runs(Role.DISPATCHER)) {
            dispatcher = await(Dispatcher.start(vertx, config.dispatcher(bootstrap), pg, clock, registry, observer));
        }
        if (config.runs(Role.DELIVERY)) {
            delivery = await(Delivery.start(vertx, DeliveryConfig.fromEnv(config.env(), bootstrap),
                    config.dispatcher(bootstrap).consumerConfig("hookgate-delivery"), pg, secretBox, clock, registry));
        }
        if (config.servesManagement()) {
            management = await(Management.start(vertx, config, registry,
                    gatewayServices == null ? null : gatewayServices.readiness(), pg, bootstrap, parts()));
        }
        LOG.info("Hookgate started: {}", config);
    }

    public int ingestPort() {
        return ingestPort.get();
    }

    public int adminPort() {
        return adminPort.get();
    }

    /** The management port (/health, /ready, /metrics), or -1 when {@code HOOKGATE_MANAGEMENT_PORT=off}. */
    public int managementPort() {
        return management == null ? -1 : management.port();
    }

    private ProcessParts parts() {
        return new ProcessParts(() -> ingestPort.get() > 0, () -> adminPort.get() > 0,
                dispatcher == null ? null : dispatcher.health(),
                delivery == null ? List.of() : delivery.health(),
                stopping::get);
    }

    /** The admin API's operations as {@code "METHOD /path/{param}"} (empty without the admin role). */
    public List<String> adminOperations() {
        return adminVerticle == null ? List.of() : adminVerticle.operations();
    }

    public String kafkaBootstrap() {
        return bootstrap;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Stops what start opened, in reverse: stop taking webhooks, drain, close clients, then the broker. The
     * management port says not ready from the first moment and keeps answering probes until the roles are down.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping.set(true);
        if (vertx != null) {
            for (String id : gatewayDeployments.reversed()) {
                quietly("undeploy " + id, vertx.undeploy(id));
            }
            if (ingestSender != null) {
                ingestSender.close(IngestVerticle.DRAIN_TIMEOUT); // after the ingest verticles drained: nothing sends any more
            }
            if (delivery != null) {
                quietly("delivery", delivery.stop());
            }
            if (dispatcher != null) {
                quietly("dispatcher", dispatcher.stop());
            }
            if (management != null) {
                quietly("management", management.stop());
            }
            if (gatewayServices != null) {
                quietly("gateway services", gatewayServices.close());
            }
            quietly("vert.x", vertx.close());
        }
        if (embeddedKafka != null) {
            embeddedKafka.stop();
        }
        LOG.info("Hookgate stopped");
    }

    /**
     * Every pool's connection settings. Prepared statements are kept per connection (by SQL text): each statement is
     * parsed once per connection instead of once per execution, with a round trip fewer every time. Each execution is
     * still planned for its own parameters ({@code plan_cache_mode}), as before: a generic plan is made once and kept
     * until the table's statistics change, so one made while {@code connections} was small kept scanning it whole
     * after 100,000 more were added (ingest over them at 782/s instead of 11,481/s, on a database without autovacuum).
     */
    static PgConnectOptions pgOptions(PgSettings pg) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(pg.host())
                .setPort(pg.port())
                .setUser(pg.user())
                .setDatabase(pg.database())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256)
                .setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT)
                .addProperty("plan_cache_mode", "force_custom_plan");
        return pg.password() == null ? options : options.setPassword(pg.password());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Start-up step did not finish within " + STEP_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during start-up", e);
        }
    }

    private static void quietly(String what, Future<?> future) {
        try {
            await(future);
        } catch (RuntimeException e) {
            LOG.warn("Closing {} failed: {}", what, e.toString());
        }
    }
}
