package io.hookgate.deploy.management;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The checks behind {@code /health} (liveness: the process's loops are turning) and {@code /ready} (readiness:
 * it can do its roles' work now). Every answer is read from memory — dependencies are checked in the background —
 * so a probe never waits on Kafka or PostgreSQL. From the first moment of a stop the process is not ready.
 */
final class HealthChecks {
    private final List<Check> liveness;
    private final List<Check> readiness;
    private final BooleanSupplier stopping;

    HealthChecks(List<Check> liveness, List<Check> readiness, BooleanSupplier stopping) {
        this.liveness = List.copyOf(liveness);
        this.readiness = List.copyOf(readiness);
        this.stopping = stopping;
    }

    /** A probe's verdict and the body that explains it. */
    record Report(boolean up, JsonObject body) {
    }

    Report live() {
        Map<String, Object> checks = evaluate(liveness);
        boolean up = !checks.containsValue("DOWN");
        return new Report(up, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", new JsonObject(checks)));
    }

    Report ready() {
        Map<String, Object> checks = evaluate(readiness);
        boolean isStopping = stopping.getAsBoolean();
        boolean up = !isStopping && !checks.containsValue("DOWN");
        JsonObject body = new JsonObject().put("status", up ? "READY" : "NOT_READY");
        if (isStopping) {
            body.put("stopping", true);
        }
        return new Report(up, body.put("checks", new JsonObject(checks)));
    }

    private static Map<String, Object> evaluate(List<Check> checks) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Check check : checks) {
            out.put(check.name(), check.up().getAsBoolean() ? "UP" : "DOWN");
        }
        return out;
    }
}
