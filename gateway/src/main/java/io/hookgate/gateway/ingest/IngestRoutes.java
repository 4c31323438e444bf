package io.hookgate.gateway.ingest;

import io.hookgate.gateway.GatewayServices;
import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.gateway.connection.ConnectionCache;
import io.hookgate.gateway.metrics.GatewayMetrics;
import io.hookgate.gateway.metrics.Readiness;
import io.hookgate.model.Outcome;
import io.hookgate.gateway.publish.InboundPublisher;
import io.hookgate.gateway.publish.RejectedPublisher;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The ingest port's route table. Each webhook passes the same stages in order. */
final class IngestRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestRoutes.class);
    private IngestRoutes() {
    }

    static Router create(Vertx vertx, Clock clock, GatewayServices services, GatewayConfig config,
                         InboundPublisher publisher, RejectedPublisher rejected, OutcomeResponder responder,
                         BooleanSupplier serving) {
        Duration publishTimeout = config.publishTimeout();
        GatewayMetrics metrics = services.metrics();
        Readiness readiness = services.readiness();
        ConnectionCache cache = services.cache();
        // A key's owner answers within the publish timeout; copies wait that long (plus slack) for its answer.
        Duration lease = publishTimeout.plusSeconds(10);
        IdempotencyHandler idempotencyHandler = new IdempotencyHandler(vertx, services.idempotency(), responder, lease,
                publishTimeout.plusSeconds(2));
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> rc.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
        router.get("/ready").handler(rc -> {
            boolean ready = serving.getAsBoolean() && readiness.ready();
            rc.response().setStatusCode(ready ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .end(readiness.status().put("status", ready ? "READY" : "NOT_READY").toBuffer());
        });

        for (String path : new String[]{"/webhooks/in/:connectionId", "/webhooks/:provider/:connectionId"}) {
            Route route = router.post(path);
            route.handler(new StartExchangeHandler(clock))       // request id, clock
                    .handler(new ResolveConnectionHandler(cache)) // 404 / 400 provider mismatch
                    .handler(new AdmissionHandler(services.rateLimiter(), services.organisationQuotas(), metrics,
                            config.trustedProxyHops())) // 403 IP allow-list, 429 connection rate limit or organisation quota
                    .handler(new ReadBodyHandler(vertx, config.limits().requestTimeout())) // 413, 408, 400 malformed
                    .handler(new FairShareHandler(services.connectionConcurrency(), metrics)) // a place of its own connection; 503 after waiting too long
                    .handler(new VerifyHandler())                 // 401
                    .handler(idempotencyHandler)                  // replay of a repeated X-Idempotency-Key
                    .handler(new ParseBodyHandler())              // 400 INVALID_JSON / INVALID_XML
                    .handler(new SlackChallengeHandler(responder)) // Slack url_verification: 200, not dispatched
                    .handler(new CaptureHandler(services.schemas(), clock))   // capture window: 202 SAMPLE_CAPTURED, not dispatched
                    .handler(new InboundRulesHandler())           // 404 no flow bound, 422 identifier/correlation
                    .handler(new SyncContactHandler(services.contacts()))    // contactResolution SYNC: 422 without a contact
                    .handler(new PublishHandler(publisher, responder, metrics, services.publishPermits())) // 202 after the broker's ack, or 503
                    .failureHandler(new IngestFailureHandler(responder, rejected, metrics));
        }
        for (String path : new String[]{"/webhooks/in/:connectionId", "/webhooks/:provider/:connectionId"}) {
            router.get(path)
                    .handler(new StartExchangeHandler(clock))
                    .handler(new ResolveConnectionHandler(cache))
                    .handler(new MetaHandshakeHandler(responder)) // Meta hub.challenge: 200 text, 403
                    .failureHandler(new IngestFailureHandler(responder, rejected, metrics));
        }
        // Anything else (extra segments, dot segments, other methods): JSON like every ingest answer, not HTML.
        router.route().last().handler(rc -> responder.early(rc.request(), Outcome.TRIGGER_NOT_FOUND, "no_such_route"));
        // The router's own refusals: a path whose escapes do not decode (400), a failure outside the webhook routes (500).
        router.errorHandler(400, rc -> responder.early(rc.request(), Outcome.MALFORMED_REQUEST, "undecodable_path"));
        router.errorHandler(500, rc -> {
            LOG.error("Unexpected failure on the ingest port for {} {}", rc.request().method(), rc.normalizedPath(), rc.failure());
            responder.early(rc.request(), Outcome.ERROR, "internal_error");
        });
        return router;
    }
}
