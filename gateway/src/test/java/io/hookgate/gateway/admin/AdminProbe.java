package io.hookgate.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A throwaway admin router on port 0: {@code POST|GET /probe} runs one piece of request parsing and answers its
 * result as JSON; failures go through the real {@link ApiErrorHandler}.
 */
final class AdminProbe implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final HttpServer server;

    AdminProbe(Function<RoutingContext, JsonObject> parse) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(4096));
        router.route("/probe").handler(rc -> rc.json(parse.apply(rc)));
        router.route().failureHandler(new ApiErrorHandler());
        server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    }

    HttpResponse<Buffer> get(String pathAndQuery) {
        return await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", pathAndQuery).send());
    }

    HttpResponse<Buffer> post(String contentType, Buffer body) {
        return await(client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/probe")
                .putHeader("content-type", contentType).sendBuffer(body));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
    }
}
