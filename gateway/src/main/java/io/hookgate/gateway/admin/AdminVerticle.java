package io.hookgate.gateway.admin;

import io.hookgate.gateway.GatewayServices;
import io.hookgate.gateway.config.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.hookgate.model.net.IpAllowList;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The admin API. Deploy it with {@code ThreadingModel.VIRTUAL_THREAD}: handlers call {@code await()}
 * and read top to bottom; nothing here is on the ingest hot path.
 */
public final class AdminVerticle extends VerticleBase {
    /** Longest a stop waits for API calls in flight before closing their connections (deployments size their grace period on it). */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final GatewayServices services;
    private final Supplier<String> ingestBaseUrl;
    private final Clock clock;
    private final IntConsumer onListening;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;
    private LiveTail tail;
    private volatile List<String> operations = List.of();

    public AdminVerticle(GatewayConfig config, GatewayServices services, Supplier<String> ingestBaseUrl, Clock clock,
                         PrometheusMeterRegistry registry, IntConsumer onListening) {
        this.registry = registry;
        this.config = config;
        this.services = services;
        this.ingestBaseUrl = ingestBaseUrl;
        this.clock = clock;
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        HistoryStore history = new HistoryStore(services.pool());
        tail = new LiveTail(vertx, services.pgOptions(), history);
        FlowStore flowStore = new FlowStore(services.pool());
        ConnectionsApi connections = new ConnectionsApi(services.connections(), history, flowStore, services.schemas(),
                new ConnectionSecrets(services.hasher(), services.secretBox()), services.verifiers(), ingestBaseUrl, clock);
        OrganisationStore organisations = new OrganisationStore(services.pool());
        Router router = AdminRoutes.create(vertx, organisations, new ApiKeysApi(organisations), connections,
                new HistoryApi(history, connections, tail), new FlowsApi(flowStore, connections),
                new ContactsApi(new ContactStore(services.pool(), clock)),
                new WebhooksApi(new WebhookStore(services.pool()), services.pool(), services.secretBox(),
                        IpAllowList.parse(config.outboundAllow()), clock),
                services.readiness(), registry, openApiDocument());
        operations = List.copyOf(AdminRoutes.operations(router));
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS))
                .requestHandler(router);
        return tail.start().compose(v -> server.listen(config.adminPort())).map(s -> {
            onListening.accept(s.actualPort());
            return s;
        });
    }

    /** What this verticle serves, as {@code "METHOD /path/{param}"}. */
    public List<String> operations() {
        return operations;
    }

    private static Buffer openApiDocument() {
        try (InputStream in = AdminVerticle.class.getResourceAsStream("/hookgate/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("hookgate/openapi.json is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Future<?> stop() {
        return tail.stop().eventually(() -> server.shutdown(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
}
