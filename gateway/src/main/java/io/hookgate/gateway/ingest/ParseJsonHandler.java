package io.hookgate.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/**
 * Parses the verified body once. The tree is kept for later stages (identifier extraction); the bytes
 * that are published stay exactly as received.
 */
final class ParseJsonHandler implements Handler<RoutingContext> {
    static final int MAX_NESTING_DEPTH = 200;
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public void handle(RoutingContext rc) {
        IngestExchange exchange = IngestExchange.of(rc);
        JsonNode tree = parse(exchange.body);
        if (tree == null) {
            rc.fail(Rejection.of(Outcome.INVALID_JSON, exchange.body.length == 0 ? "empty_body" : "malformed_json"));
            return;
        }
        exchange.json = tree;
        if (exchange.eventId == null) {
            exchange.eventId = BodyEventIds.of(exchange.connection.definition().authMode(), tree);
        }
        rc.next();
    }

    /** The document, or null when the bytes are not exactly one JSON value. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
