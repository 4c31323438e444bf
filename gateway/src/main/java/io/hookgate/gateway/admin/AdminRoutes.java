package io.hookgate.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import io.hookgate.gateway.metrics.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;

/** The admin port's route table. Everything under {@code /api/v1} needs an API key. */
final class AdminRoutes {
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private AdminRoutes() {
    }

    static Router create(Vertx vertx, OrganisationStore organisations, ApiKeysApi apiKeys, ConnectionsApi connections,
                         HistoryApi history, FlowsApi flows, ContactsApi contacts, WebhooksApi webhooks,
                         Readiness readiness, PrometheusMeterRegistry metrics, Buffer openApi) {
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> rc.json(new JsonObject().put("status", "UP")));
        router.get("/ready").handler(rc -> rc.response().setStatusCode(readiness.ready() ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(readiness.status().toBuffer()));
        router.get("/metrics").handler(rc -> rc.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));

        // The web console: static files from the classpath, signed in with an API key kept in the tab.
        router.get("/").handler(rc -> rc.redirect("/console/"));
        router.route("/console/*").handler(rc -> {
            rc.response()
                    .putHeader("content-security-policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'")
                    .putHeader("x-content-type-options", "nosniff")
                    .putHeader("referrer-policy", "no-referrer");
            rc.next();
        }).handler(StaticHandler.create("hookgate/console")
                .setCachingEnabled(false)
                .setDirectoryListing(false));

        router.get("/api/v1/openapi.json").handler(rc -> rc.response()
                .putHeader("content-type", "application/json").end(openApi));

        router.route("/api/v1/*")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false))
                .handler(new ApiKeyAuthHandler(organisations))
                .handler(new TextGuard());

        router.post("/api/v1/connections").handler(connections::create);
        router.get("/api/v1/connections").handler(connections::list);
        router.get("/api/v1/connections/:id").handler(connections::get);
        router.patch("/api/v1/connections/:id").handler(connections::update);
        router.delete("/api/v1/connections/:id").handler(connections::delete);
        router.post("/api/v1/connections/:id/pause").handler(connections::pause);
        router.post("/api/v1/connections/:id/resume").handler(connections::resume);
        router.post("/api/v1/connections/:id/secret/rotate").handler(connections::rotateSecret);
        router.post("/api/v1/connections/:id/capture").handler(connections::capture);
        router.get("/api/v1/connections/:id/schema").handler(connections::schema);
        router.post("/api/v1/connections/:id/schema").handler(connections::injectSample);
        router.get("/api/v1/connections/:id/requests").handler(history::listForConnection);
        router.get("/api/v1/connections/:id/requests/stream").handler(history::stream);
        router.get("/api/v1/requests/:requestId").handler(history::get);

        router.post("/api/v1/flows").handler(flows::create);
        router.get("/api/v1/flows").handler(flows::list);
        router.get("/api/v1/flows/:id").handler(flows::get);
        router.get("/api/v1/flows/:id/runs").handler(flows::runs);
        router.post("/api/v1/connections/:id/triggers").handler(flows::bind);
        router.get("/api/v1/connections/:id/triggers").handler(flows::triggers);
        router.delete("/api/v1/triggers/:id").handler(flows::unbind);
        router.get("/api/v1/failed-triggers").handler(flows::failedTriggers);

        router.post("/api/v1/contacts").handler(contacts::create);
        router.get("/api/v1/contacts").handler(contacts::lookup);
        router.get("/api/v1/contacts/:id").handler(contacts::get);

        router.post("/api/v1/webhooks").handler(webhooks::create);
        router.get("/api/v1/webhooks").handler(webhooks::list);
        router.get("/api/v1/webhooks/:id").handler(webhooks::get);
        router.patch("/api/v1/webhooks/:id").handler(webhooks::update);
        router.delete("/api/v1/webhooks/:id").handler(webhooks::delete);
        router.post("/api/v1/webhooks/:id/secret/rotate").handler(webhooks::rotate);
        router.get("/api/v1/webhooks/:id/deliveries").handler(webhooks::deliveries);
        router.post("/api/v1/deliveries/:id/retry").handler(webhooks::retry);
        router.post("/api/v1/events").handler(webhooks::publish);

        router.post("/api/v1/api-keys").handler(apiKeys::create);
        router.get("/api/v1/api-keys").handler(apiKeys::list);
        router.delete("/api/v1/api-keys/:id").handler(apiKeys::revoke);

        router.route().failureHandler(new ApiErrorHandler());
        return router;
    }

    /** Every served operation as {@code "METHOD /path/{param}"}, for the OpenAPI and tenant-isolation tests. */
    static List<String> operations(Router router) {
        List<String> out = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().forEach(m -> out.add(m.name() + " " + path));
        }
        return out;
    }
}
