package io.hookgate.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every report must hold (tools and the README read these keys): each a number. The CI smoke fails
 * when a scenario errored or left one out — never on how large a number is. Rates, ratios and latencies are
 * never negative unless something failed; the heap's growth is a difference of two live-heap readings and
 * goes below zero when what it measures is smaller than what else the JVM freed meanwhile (a quick run's
 * 1,000 connections, ~1 MB, against the broker's and the JIT's churn).
 */
final class ReportCheck {
    static final List<String> REQUIRED = List.of(
            "ratios.ingest_hmac_vs_bare", "ratios.shared_secret_vs_hmac", "ratios.e2e_vs_baseline", "ratios.outbound_vs_bare",
            "latency.p99_ms_half_load", "latency.p999_ms_half_load", "latency.dispatcher_lag_p99_ms_half_load", "throughput.ingest_hmac_per_s",
            "memory.heap_kb_per_1000_connections", "memory.heap_kb_per_in_flight_request");

    /** Differences of two heap readings: a negative one is noise, not a failure. */
    private static final String MAY_BE_NEGATIVE = "memory.";

    private ReportCheck() {
    }

    /** The required keys that are missing or not numbers; empty when the report is complete. */
    static List<String> problems(JsonObject report) {
        List<String> problems = new ArrayList<>();
        for (String key : REQUIRED) {
            String[] parts = key.split("\\.", 2);
            JsonObject section = report.getJsonObject(parts[0]);
            Object value = section == null ? null : section.getValue(parts[1]);
            if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || (n.doubleValue() < 0 && !key.startsWith(MAY_BE_NEGATIVE))) {
                problems.add(key + " = " + value);
            }
        }
        return problems;
    }

    static void require(Path reportJson) throws IOException {
        List<String> problems = problems(new JsonObject(Files.readString(reportJson)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(reportJson + " is incomplete: " + String.join(", ", problems));
        }
    }
}
