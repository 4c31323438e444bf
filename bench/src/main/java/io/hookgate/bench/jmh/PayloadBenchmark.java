package io.hookgate.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.payload.Payload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Parsing a 1 KB JSON webhook once on the ingest path ({@link Payload#json}: strict UTF-8, limits, tree) against
 * the baseline of a bare Jackson {@code readTree} of the same bytes: a padded body (one long string, what the
 * load benchmarks send) and an event shaped like a real provider's (many short fields, some non-ASCII).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PayloadBenchmark {
    private static final ObjectMapper BARE = new ObjectMapper();

    @Param({"padded", "event"})
    public String shape;
    private byte[] body;

    @Setup
    public void setUp() {
        body = "padded".equals(shape) ? VerifierBenchmark.body() : event();
    }

    @Benchmark
    public Payload payload() {
        return Payload.json(body);
    }

    @Benchmark
    public JsonNode bareJacksonTree() throws IOException {
        return BARE.readTree(body);
    }

    /** About 1 KB: a Stripe-like invoice event. */
    static byte[] event() {
        StringBuilder json = new StringBuilder("{\"id\":\"evt_1NqR8a2eZvKYlo2C\",\"object\":\"event\",\"api_version\":\"2023-10-16\","
                + "\"created\":1695000000,\"type\":\"invoice.paid\",\"livemode\":false,\"pending_webhooks\":1,"
                + "\"data\":{\"object\":{\"id\":\"in_1NqR8a2eZvKYlo2C\",\"object\":\"invoice\",\"amount_due\":12050,"
                + "\"amount_paid\":12050,\"currency\":\"eur\",\"customer\":\"cus_OdjQ7ZfJ\",\"customer_email\":\"zoë@example.com\","
                + "\"customer_name\":\"Zoë Müller-Łukasiewicz\",\"paid\":true,\"status\":\"paid\",\"lines\":{\"data\":[");
        for (int i = 0; i < 4; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"il_").append(i).append("\",\"amount\":").append(3000 + i)
                    .append(",\"description\":\"Seat × 1 — plan ").append(i).append("\",\"quantity\":1,\"unit_amount_decimal\":\"30.00\"}");
        }
        json.append("]},\"metadata\":{\"order\":\"o-991\",\"region\":\"eu-west-1\"},\"tax\":null,\"total\":12050}},"
                + "\"request\":{\"id\":\"req_8Hm2\",\"idempotency_key\":\"b7c1c9d2-7a3f-4c55-9a0e-3f2b1c4d5e6f\"}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
