package io.hookgate.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookgate.model.AuthMode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Slack's Events API {@code url_verification}: once the signature checked out, answer
 * {@code 200 {"challenge":…}} and do not dispatch it.
 */
final class SlackChallengeHandler implements Handler<RoutingContext> {
    private static final int MAX_CHALLENGE = 1000;
    private final OutcomeResponder responder;

    SlackChallengeHandler(OutcomeResponder responder) {
        this.responder = responder;
    }

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        JsonNode json = exchange.json;
        if (exchange.connection.definition().authMode() == AuthMode.SLACK && json.isObject()
                && "url_verification".equals(json.path("type").asText())) {
            JsonNode challenge = json.get("challenge");
            if (challenge != null && challenge.isTextual() && challenge.asText().length() <= MAX_CHALLENGE) {
                responder.slackChallenge(rc, exchange, challenge.asText());
                return;
            }
        }
        rc.next();
    }
}
