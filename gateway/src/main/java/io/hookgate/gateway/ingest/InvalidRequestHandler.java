package io.hookgate.gateway.ingest;

import io.hookgate.model.Outcome;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not read: headers over the size limit → 431 HEADERS_TOO_LARGE, a
 * request line over its limit → 414 URI_TOO_LONG, anything else that is not HTTP (bad header bytes,
 * conflicting lengths) → 400 MALFORMED_REQUEST. Each with the usual JSON body, then the connection closes.
 * (Vert.x's default answers 431/414 with an empty body and closes silently otherwise.)
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {
    private final OutcomeResponder responder;

    InvalidRequestHandler(OutcomeResponder responder) {
        this.responder = responder;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        if (cause instanceof TooLongHttpHeaderException) {
            responder.early(request, Outcome.HEADERS_TOO_LARGE, "header_bytes_over_limit");
        } else if (cause instanceof TooLongHttpLineException) {
            responder.early(request, Outcome.URI_TOO_LONG, "request_line_over_limit");
        } else {
            responder.early(request, Outcome.MALFORMED_REQUEST, "undecodable_request");
        }
    }
}
