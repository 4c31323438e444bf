package io.hookgate.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every report must hold (tools and the README read these keys): each a number. The CI smoke fails
 * when a scenario errored or left one out — never on how large a number is.
 */
final class ReportCheck {
    static final List<String> REQUIRED = List.of(
            "ratios.ingest_hmac_vs_bare", "ratios.shared_secret_vs_hmac", "ratios.e2e_vs_baseline", "ratios.outbound_vs_bare",
            "latency.p99_ms_half_load", "latency.p999_ms_half_load", "throughput.ingest_hmac_per_s",
            "memory.heap_kb_per_1000_connections", "memory.heap_kb_per_in_flight_request");

    private ReportCheck() {
    }

    /** The required keys that are missing or not numbers; empty when the report is complete. */
    static List<String> problems(JsonObject report) {
        List<String> problems = new ArrayList<>();
        for (String key : REQUIRED) {
            String[] parts = key.split("\\.", 2);
            JsonObject section = report.getJsonObject(parts[0]);
            Object value = section == null ? null : section.getValue(parts[1]);
            if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
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
