package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.ConnectionCache;
import io.hookgate.gateway.publish.InboundPublisher;
import io.hookgate.gateway.publish.RejectedPublisher;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/** The ingest port's route table. Each webhook passes the same six stages in order. */
public final class IngestRoutes {
    private IngestRoutes() {
    }

    public static Router create(Vertx vertx, Clock clock, ConnectionCache cache, InboundPublisher publisher,
                                RejectedPublisher rejected, int retryAfterSeconds, BooleanSupplier ready) {
        OutcomeResponder responder = new OutcomeResponder(retryAfterSeconds);
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> rc.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
        router.get("/ready").handler(rc -> rc.response().setStatusCode(ready.getAsBoolean() ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end("{\"status\":\"" + (ready.getAsBoolean() ? "READY" : "NOT_READY") + "\"}"));

        for (String path : new String[]{"/webhooks/in/:connectionId", "/webhooks/:provider/:connectionId"}) {
            Route route = router.post(path);
            route.handler(new StartExchangeHandler(clock))       // request id, clock
                    .handler(new ResolveConnectionHandler(cache)) // 404 / 400 provider mismatch
                    .handler(new ReadBodyHandler())               // 413
                    .handler(new VerifyHandler())                 // 401
                    .handler(new ParseJsonHandler())              // 400
                    .handler(new PublishHandler(publisher, responder)) // 202 after the broker's ack, or 503
                    .failureHandler(new IngestFailureHandler(responder, rejected));
        }
        return router;
    }
}
