package io.hookgate.gateway.ingest;

import io.hookgate.gateway.GatewayServices;
import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.gateway.config.IngestLimits;
import io.hookgate.gateway.publish.InboundPublisher;
import io.hookgate.gateway.publish.KafkaSender;
import io.hookgate.gateway.publish.RejectedPublisher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The hot path: one instance per core, all on the same port, all sharing one idempotent producer (its
 * {@link KafkaSender}, which the process opens before them and closes after them).
 * Everything here runs on the event loop with composed futures; bcrypt is the only slow step and it
 * runs on its own worker executor.
 */
public final class IngestVerticle extends VerticleBase {
    /** Longest a stop waits for requests in flight before closing their connections (deployments size their grace period on it). */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final int RETRY_AFTER_SECONDS = 5;
    /** Negative ports make Vert.x share one random port between all instances (see HttpServer docs). */
    private static final int SHARED_RANDOM_PORT = -1;

    private final GatewayConfig config;
    private final GatewayServices services;
    private final Clock clock;
    private final IntConsumer onListening;
    private final KafkaSender sender;
    private HttpServer server;
    private volatile boolean ready;

    public IngestVerticle(GatewayConfig config, GatewayServices services, KafkaSender sender, Clock clock,
                          IntConsumer onListening) {
        this.config = config;
        this.sender = sender;
        this.services = services;
        this.clock = clock;
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        IngestLimits limits = config.limits();
        OutcomeResponder responder = new OutcomeResponder(RETRY_AFTER_SECONDS, services.metrics(), services.accessLog());
        Router router = IngestRoutes.create(vertx, clock, services, config,
                new InboundPublisher(sender, config.publishTimeout()),
                new RejectedPublisher(sender, services.rejectionBudget()), responder, () -> ready);
        server = vertx.createHttpServer(serverOptions(limits))
                .connectionHandler(new ConnectionGuard(services.connectionPermits(), services.metrics()))
                .invalidRequestHandler(new InvalidRequestHandler(responder))
                .requestHandler(new RequestGate(router, responder, limits.maxHeaders()));
        int port = config.ingestPort() == 0 ? SHARED_RANDOM_PORT : config.ingestPort();
        return server.listen(port).map(s -> {
            ready = true;
            onListening.accept(s.actualPort());
            return s;
        });
    }

    @Override
    public Future<?> stop() {
        ready = false;
        return server.shutdown(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The idle timeout counts decoded HTTP messages (a request head, a body chunk), not bytes: a head
     * trickled in a byte at a time is closed at the idle timeout however steadily the bytes come (the
     * slow-loris), and a body that trickles is cut by the request timeout. HTTP/1.1 only: see {@link ConnectionGuard}.
     */
    static HttpServerOptions serverOptions(IngestLimits limits) {
        return new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setHandle100ContinueAutomatically(false)
                .setCompressionSupported(false);
    }
}
