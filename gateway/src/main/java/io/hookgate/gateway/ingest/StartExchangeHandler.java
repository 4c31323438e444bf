package io.hookgate.gateway.ingest;

import io.hookgate.model.IdKind;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/** First stage: gives the request its ids and clock reading, before anything can fail. */
final class StartExchangeHandler implements Handler<RoutingContext> {
    static final int MAX_REQUEST_ID_LENGTH = 200;
    private final Clock clock;

    StartExchangeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext rc) {
        String offered = rc.request().getHeader(OutcomeResponder.REQUEST_ID_HEADER);
        String requestId = isAcceptableRequestId(offered) ? offered : IdKind.REQUEST.generate();
        IngestExchange.start(rc, requestId, IdKind.RECORD.generate(), clock.instant(), rc.pathParam("connectionId"));
        rc.next();
    }

    /** 1-200 visible ASCII characters: anything else could break logs, headers or the history UI. */
    static boolean isAcceptableRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
