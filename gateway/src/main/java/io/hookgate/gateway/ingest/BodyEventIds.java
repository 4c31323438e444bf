package io.hookgate.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookgate.model.AuthMode;

/**
 * Provider event ids that travel in the body rather than a header (Stripe {@code id}, Paddle
 * {@code notification_id}, Slack {@code event_id}): a retry of the same event carries the same id.
 */
final class BodyEventIds {
    private static final int MAX_ID = 200;

    private BodyEventIds() {
    }

    static String of(AuthMode mode, JsonNode body) {
        String field = switch (mode) {
            case STRIPE -> "id";
            case PADDLE -> "notification_id";
            case SLACK -> "event_id";
            default -> null;
        };
        if (field == null || !body.isObject()) {
            return null;
        }
        JsonNode id = body.get(field);
        return id != null && id.isTextual() && !id.asText().isEmpty() && id.asText().length() <= MAX_ID ? id.asText() : null;
    }
}
