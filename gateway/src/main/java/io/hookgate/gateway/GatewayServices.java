package io.hookgate.gateway;

import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.ConnectionCache;
import io.hookgate.gateway.connection.ConnectionChangeListener;
import io.hookgate.gateway.connection.ConnectionStore;
import io.hookgate.gateway.connection.ContactDirectory;
import io.hookgate.gateway.connection.LiveConnection;
import io.hookgate.gateway.connection.SchemaStore;
import io.hookgate.gateway.idempotency.IdempotencyStore;
import io.hookgate.gateway.limits.ConnectionConcurrency;
import io.hookgate.gateway.limits.OrganisationQuotas;
import io.hookgate.gateway.limits.Permits;
import io.hookgate.gateway.metrics.AccessLog;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.metrics.Readiness;
import io.hookgate.gateway.publish.RejectionBudget;
import io.hookgate.model.net.IpAllowList;
import io.hookgate.gateway.semantics.RateLimiter;
import io.hookgate.gateway.verify.SecretHasher;
import io.hookgate.gateway.verify.Verifiers;
import io.hookgate.model.crypto.SecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the gateway's verticles share within one process: the Postgres pool, the connection cache and
 * its change listener, the bcrypt executor with its cache, the master-key box and the verifier factory,
 * the rejection budget, and the process-wide ingest limits (publishes in flight, open connections, each connection's
 * places in the pipeline, each organisation's quota). Opened once by
 * {@link #start}, closed by {@link #close}.
 */
public final class GatewayServices {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServices.class);
    private static final long PURGE_PERIOD_MS = 600_000;
    /** How long after another connection's request the pipeline counts as shared (see ConnectionConcurrency). */
    private static final Duration SHARING_WINDOW = Duration.ofSeconds(5);
    private final Pool pool;
    private final WorkerExecutor bcryptExecutor;
    private final SecretHasher hasher;
    private final ConnectionStore connections;
    private final ConnectionCache cache;
    private final ConnectionChangeListener listener;
    private final ContactDirectory contacts;
    private final RejectionBudget rejectionBudget;
    private final SecretBox secretBox;
    private final Verifiers verifiers;
    private final AtomicReference<String> publicBaseUrl;
    private final IdempotencyStore idempotency;
    private final RateLimiter rateLimiter;
    private final OrganisationQuotas organisationQuotas;
    private final ConnectionConcurrency connectionConcurrency;
    private final SchemaStore schemas;
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;
    private final Readiness readiness;
    private final Vertx vertx;
    private final PgConnectOptions pgOptions;
    private final Permits publishPermits;
    private final Permits connectionPermits;
    private long purgeTimer = -1;

    private GatewayServices(Vertx vertx, GatewayConfig config, PgConnectOptions pg, SecretBox secretBox, Clock clock,
                            MeterRegistry registry) {
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(8).setShared(true).setName("hookgate-gateway"))
                .connectingTo(pg)
                .using(vertx)
                .build();
        int cores = Runtime.getRuntime().availableProcessors();
        this.bcryptExecutor = vertx.createSharedWorkerExecutor("hookgate-bcrypt", Math.max(2, cores));
        this.hasher = new SecretHasher(bcryptExecutor, config.secretCacheSize());
        this.connections = new ConnectionStore(pool);
        this.secretBox = secretBox;
        this.publicBaseUrl = new AtomicReference<>(config.publicUrl());
        this.verifiers = new Verifiers(hasher, secretBox, clock, publicBaseUrl::get);
        this.cache = new ConnectionCache(id -> connections.findForIngest(id)
                .map(found -> found.map(f -> live(f, clock))),
                config.connectionCacheSize(), config.connectionCacheOfflineGrace(), clock);
        this.contacts = new ContactDirectory(pool);
        this.listener = new ConnectionChangeListener(vertx, pg, cache, contacts);
        this.vertx = vertx;
        this.pgOptions = pg;
        this.idempotency = new IdempotencyStore(pool);
        this.rateLimiter = new RateLimiter(System::nanoTime);
        this.organisationQuotas = new OrganisationQuotas(config.limits().organisationRatePerSecond(),
                new RateLimiter(System::nanoTime));
        this.schemas = new SchemaStore(pool);
        this.metrics = new GatewayMetrics(registry);
        this.accessLog = new AccessLog(config.accessLog());
        this.readiness = new Readiness(vertx, pool, config.kafkaBootstrap());
        this.rejectionBudget = new RejectionBudget(config.rejectedBurst(), config.rejectedPerSecond(), System::nanoTime);
        this.connectionConcurrency = new ConnectionConcurrency(vertx, config.limits().maxConcurrentPerConnection(),
                Math.max(config.limits().maxConcurrentPerConnection(), config.limits().maxInFlight()),
                config.publishTimeout(), SHARING_WINDOW, System::nanoTime);
        this.publishPermits = new Permits(config.limits().maxInFlight());
        this.connectionPermits = new Permits(config.limits().maxConnections());
        this.metrics.inFlight(publishPermits::inUse);
    }

    private LiveConnection live(ConnectionStore.ForIngest found, Clock clock) {
        Connection c = found.connection();
        return new LiveConnection(c, verifiers.forConnection(c), verifiers.verifyToken(c), IpAllowList.parse(c.allowedIps()),
                c.nextCredentialExpiry(clock.instant()), found.organisationRateLimit());
    }

    public static Future<GatewayServices> start(Vertx vertx, GatewayConfig config, PgConnectOptions pg,
                                                SecretBox secretBox, Clock clock, MeterRegistry registry) {
        GatewayServices services = new GatewayServices(vertx, config, pg, secretBox, clock, registry);
        return services.listener.start().compose(v -> services.readiness.start()).map(v -> {
            services.purgeTimer = vertx.setPeriodic(PURGE_PERIOD_MS, t -> services.idempotency.purgeExpired()
                    .onFailure(err -> LOG.warn("Purging expired idempotency keys failed: {}", err.toString())));
            return services;
        });
    }

    public Future<Void> close() {
        vertx.cancelTimer(purgeTimer);
        return Future.join(listener.stop(), readiness.stop(), bcryptExecutor.close())
                .eventually(pool::close).mapEmpty();
    }

    public Pool pool() {
        return pool;
    }

    public SecretHasher hasher() {
        return hasher;
    }

    public ConnectionStore connections() {
        return connections;
    }

    public ConnectionCache cache() {
        return cache;
    }

    public SecretBox secretBox() {
        return secretBox;
    }

    public Verifiers verifiers() {
        return verifiers;
    }

    /** The URL senders call (ingestUrl base, and what HubSpot v3 signs). */
    public String publicBaseUrl() {
        return publicBaseUrl.get();
    }

    /** Set once the ingest port is known, when HOOKGATE_PUBLIC_URL is not configured. */
    public void defaultPublicBaseUrl(String url) {
        publicBaseUrl.compareAndSet(null, url);
    }

    public PgConnectOptions pgOptions() {
        return pgOptions;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    public Readiness readiness() {
        return readiness;
    }

    public ContactDirectory contacts() {
        return contacts;
    }

    public SchemaStore schemas() {
        return schemas;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Each organisation's ingest quota across its connections, per process. */
    public OrganisationQuotas organisationQuotas() {
        return organisationQuotas;
    }

    /** Each connection's places in the ingest pipeline, shared by every ingest event loop of this process. */
    public ConnectionConcurrency connectionConcurrency() {
        return connectionConcurrency;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    public RejectionBudget rejectionBudget() {
        return rejectionBudget;
    }

    /** Publishes awaiting the broker's ack, shared by every ingest event loop of this process. */
    public Permits publishPermits() {
        return publishPermits;
    }

    /** Open ingest connections, shared by every ingest event loop of this process. */
    public Permits connectionPermits() {
        return connectionPermits;
    }
}
