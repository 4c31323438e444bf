package io.hookgate.deploy.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The management port every process opens, whatever its roles: {@code GET /health} (liveness), {@code GET /ready}
 * (readiness) and {@code GET /metrics} (the process's Prometheus registry). The probes answer from memory on the
 * event loop; a scrape renders the registry on a worker.
 */
final class ManagementVerticle extends VerticleBase {
    /** Probes and scrapes are short: a stop waits this long for one in flight. */
    private static final long DRAIN_MS = 1000;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final int port;
    private final HealthChecks checks;
    private final PrometheusMeterRegistry registry;
    private final IntConsumer onListening;
    private HttpServer server;

    ManagementVerticle(int port, HealthChecks checks, PrometheusMeterRegistry registry, IntConsumer onListening) {
        this.port = port;
        this.checks = checks;
        this.registry = registry;
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> answer(rc, checks.live()));
        router.get("/ready").handler(rc -> answer(rc, checks.ready()));
        router.get("/metrics").handler(this::scrape);
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS))
                .requestHandler(router);
        return server.listen(port).onSuccess(s -> onListening.accept(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server.shutdown(DRAIN_MS, TimeUnit.MILLISECONDS);
    }

    private static void answer(RoutingContext rc, HealthChecks.Report report) {
        rc.response().setStatusCode(report.up() ? 200 : 503)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(report.body().toBuffer());
    }

    private void scrape(RoutingContext rc) {
        vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> rc.response().putHeader("content-type", PROMETHEUS_TEXT).end(text))
                .onFailure(rc::fail);
    }
}
