package io.hookgate.gateway.ingest;

import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Every well-formed request head on the ingest port passes here first: it holds the body until the
 * connection (and so its size limit) is known, and refuses more header lines than the limit (431)
 * before any routing.
 */
final class RequestGate implements Handler<HttpServerRequest> {
    private final Router router;
    private final OutcomeResponder responder;
    private final int maxHeaders;

    RequestGate(Router router, OutcomeResponder responder, int maxHeaders) {
        this.router = router;
        this.responder = responder;
        this.maxHeaders = maxHeaders;
    }

    @Override
    public void handle(HttpServerRequest request) {
        request.pause();
        if (headerLines(request) > maxHeaders) {
            responder.early(request, Outcome.HEADERS_TOO_LARGE, "too_many_headers");
            return;
        }
        router.handle(request);
    }

    private int headerLines(HttpServerRequest request) {
        int lines = 0;
        for (var ignored : request.headers()) {
            if (++lines > maxHeaders) {
                break;
            }
        }
        return lines;
    }
}
