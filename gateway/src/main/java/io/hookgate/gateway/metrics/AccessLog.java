package io.hookgate.gateway.metrics;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per ingest request on the {@code hookgate.access} logger: ids, outcome, status and
 * duration. Never headers, bodies or secrets. Off with {@code HOOKGATE_ACCESS_LOG=false}.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("hookgate.access");
    private final boolean enabled;

    public AccessLog(boolean enabled) {
        this.enabled = enabled && LOG.isInfoEnabled();
    }

    public void request(String requestId, String connectionId, String outcome, int status, String reason, long durationMs) {
        if (!enabled) {
            return;
        }
        JsonObject line = new JsonObject()
                .put("requestId", requestId)
                .put("connectionId", connectionId)
                .put("outcome", outcome)
                .put("status", status)
                .put("durationMs", durationMs);
        if (reason != null) {
            line.put("reason", reason);
        }
        LOG.info(line.encode());
    }
}
