package io.hookgate.bench;

import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The gateway's scenarios, each beside baseline (a), the bare Vert.x→Kafka verticle, in the same run:
 * maximum throughput per auth mode, latency at half the maximum (open loop), and how throughput, p99 and
 * heap grow with the body size and with the number of connections.
 */
final class IngestBench {
    private final Report report;
    private final BenchAdmin admin;
    private final int ingestPort;
    private final String bareUrl;
    private final boolean quick;

    IngestBench(Report report, BenchAdmin admin, int ingestPort, int barePort, boolean quick) {
        this.report = report;
        this.admin = admin;
        this.ingestPort = ingestPort;
        this.bareUrl = "http://127.0.0.1:" + barePort + "/bare";
        this.quick = quick;
    }

    /** Runs every ingest scenario; returns the id of the NONE connection the later scenarios reuse. */
    String run() throws Exception {
        String none = admin.connection("Bench none", new JsonObject().put("mode", "NONE")).getString("id");
        JsonObject shared = admin.connection("Bench shared secret", new JsonObject().put("mode", "SHARED_SECRET"));
        String stripeSecret = "whsec_" + random(24).replaceAll("[^A-Za-z0-9]", "x");
        String stripe = admin.connection("Bench stripe", new JsonObject().put("mode", "STRIPE").put("secret", stripeSecret)).getString("id");
        String svixSecret = "whsec_" + random(32);
        String svix = admin.connection("Bench svix", new JsonObject().put("mode", "SVIX").put("secret", svixSecret)).getString("id");

        List<Load> modes = List.of(
                Load.closed(List.of(bareUrl), 64),
                Load.closed(urls(none), 64),
                Load.closed(urls(shared.getString("id")), 64).headers(Map.of("x-webhook-secret", shared.getString("secret"))),
                Load.closed(urls(stripe), 64).signed("stripe", stripeSecret),
                Load.closed(urls(svix), 64).signed("svix", svixSecret));
        // Two rounds, the second in reverse order, each load's better run counting: the JIT is still compiling
        // Hookgate's larger paths for longer than one run (NONE went from 20,384/s in its first run to 27,333/s in
        // its second, while the bare pipe held 31,007 → 31,409/s), and the box drifts over minutes. Measured once,
        // in a fixed order, the modes run early were handicapped by their position, not their code.
        List<JsonObject> best = new ArrayList<>();
        for (Load load : modes) {
            best.add(timed(load).run());
        }
        for (int i = modes.size() - 1; i >= 0; i--) {
            best.set(i, better(best.get(i), timed(modes.get(i)).run()));
        }
        JsonObject bare = best.get(0);
        JsonObject plain = best.get(1);
        JsonObject secret = best.get(2);
        JsonObject stripeMax = best.get(3);
        JsonObject svixMax = best.get(4);
        report.compare("Ingest max, 1 KB, NONE", plain, bare);
        report.compare("Ingest max, 1 KB, SHARED_SECRET (cache warm)", secret, bare);
        report.compare("Ingest max, 1 KB, STRIPE (HMAC per request)", stripeMax, bare);
        report.compare("Ingest max, 1 KB, SVIX (HMAC, new message id per request)", svixMax, bare);
        long hmac = stripeMax.getLong("throughputPerSecond");
        report.section("throughput")
                .put("bare_per_s", bare.getLong("throughputPerSecond"))
                .put("ingest_none_per_s", plain.getLong("throughputPerSecond"))
                .put("ingest_shared_secret_per_s", secret.getLong("throughputPerSecond"))
                .put("ingest_hmac_per_s", hmac)
                .put("ingest_stripe_per_s", hmac)
                .put("ingest_svix_per_s", svixMax.getLong("throughputPerSecond"));
        report.section("ratios")
                .put("ingest_none_vs_bare", Report.ratio(plain.getLong("throughputPerSecond"), bare.getLong("throughputPerSecond")))
                .put("ingest_hmac_vs_bare", Report.ratio(hmac, bare.getLong("throughputPerSecond")))
                .put("ingest_svix_vs_bare", Report.ratio(svixMax.getLong("throughputPerSecond"), bare.getLong("throughputPerSecond")))
                .put("shared_secret_vs_hmac", Report.ratio(secret.getLong("throughputPerSecond"), hmac));

        halfLoadLatency(stripe, stripeSecret, hmac);
        JsonObject growth = report.section("growth");
        payloadGrowth(none, growth);
        connectionGrowth(none, growth);
        JsonObject idem = timed(Load.closed(urls(none), 64).idempotencyKeys()).run();
        report.compare("Ingest max, 1 KB, NONE, with X-Idempotency-Key", idem, bare);
        growth.put("idempotency", idem);
        return none;
    }

    /** The STRIPE maximum, then the open loop at half of it: the latency scenario alone (to iterate on it). */
    void latency() throws Exception {
        String stripeSecret = "whsec_" + random(24).replaceAll("[^A-Za-z0-9]", "x");
        String stripe = admin.connection("Bench stripe", new JsonObject().put("mode", "STRIPE").put("secret", stripeSecret)).getString("id");
        JsonObject stripeMax = timed(Load.closed(urls(stripe), 64).signed("stripe", stripeSecret)).run();
        report.row("Ingest max, 1 KB, STRIPE (HMAC per request)", stripeMax.getLong("throughputPerSecond") + "/s", "", "");
        halfLoadLatency(stripe, stripeSecret, stripeMax.getLong("throughputPerSecond"));
    }

    /** NONE with and without {@code X-Idempotency-Key} against the bare pipe, each side measured twice: the keyed path alone. */
    void idempotency() throws Exception {
        String none = admin.connection("Bench none", new JsonObject().put("mode", "NONE")).getString("id");
        JsonObject bare = timed(Load.closed(List.of(bareUrl), 64)).run();
        JsonObject plain = timed(Load.closed(urls(none), 64)).run();
        JsonObject keyed = timed(Load.closed(urls(none), 64).idempotencyKeys()).run();
        bare = better(bare, timed(Load.closed(List.of(bareUrl), 64)).run());
        plain = better(plain, timed(Load.closed(urls(none), 64)).run());
        keyed = better(keyed, timed(Load.closed(urls(none), 64).idempotencyKeys()).run());
        report.compare("Ingest max, 1 KB, NONE", plain, bare);
        report.compare("Ingest max, 1 KB, NONE, with X-Idempotency-Key", keyed, bare);
        report.compare("X-Idempotency-Key against NONE", keyed, plain);
    }

    /** Open loop at half of the HMAC maximum: the latency targets (p99, p99.9) are about this load. */
    private void halfLoadLatency(String stripe, String stripeSecret, long hmacMax) throws Exception {
        if (hmacMax == 0) {
            report.note("no STRIPE request was answered inside the measured window (a starved machine): latency measured at 5/s");
        }
        double half = Math.max(hmacMax, 10) / 2.0;
        JsonObject hookgate = timed(Load.open(urls(stripe), half).signed("stripe", stripeSecret)).run();
        JsonObject bare = timed(Load.open(List.of(bareUrl), half)).run();
        report.row("Open loop at 50 % of the STRIPE max (" + Math.round(half) + "/s): p99 / p99.9",
                hookgate.getDouble("p99Ms") + " / " + hookgate.getDouble("p999Ms") + " ms",
                bare.getDouble("p99Ms") + " / " + bare.getDouble("p999Ms") + " ms", "");
        report.section("latency")
                .put("rate_half_load_per_s", Math.round(half))
                .put("p50_ms_half_load", hookgate.getDouble("p50Ms"))
                .put("p99_ms_half_load", hookgate.getDouble("p99Ms"))
                .put("p999_ms_half_load", hookgate.getDouble("p999Ms"))
                .put("bare_p99_ms_half_load", bare.getDouble("p99Ms"))
                .put("bare_p999_ms_half_load", bare.getDouble("p999Ms"));
    }

    private void payloadGrowth(String none, JsonObject growth) throws Exception {
        for (int kb : new int[]{10, 100}) {
            JsonObject h = timed(Load.closed(urls(none), 32).body(kb * 1024)).run();
            JsonObject b = timed(Load.closed(List.of(bareUrl), 32).body(kb * 1024)).run();
            report.compare("Ingest max, " + kb + " KB, NONE", h, b);
            growth.put("payload_" + kb + "kb", new JsonObject().put("hookgate", h).put("bare", b)
                    .put("ratio", Report.ratio(h.getLong("throughputPerSecond"), b.getLong("throughputPerSecond"))));
        }
    }

    /**
     * Throughput, p99 and heap as the connections in use grow (round robin over all of them, so every one is
     * looked up and cached). Connections beyond the first are cloned in SQL: the API would take minutes.
     */
    private void connectionGrowth(String none, JsonObject growth) throws Exception {
        int[] steps = quick ? new int[]{10, 1_000} : new int[]{10, 1_000, 10_000, 100_000};
        List<String> ids = new ArrayList<>(List.of(none));
        JsonObject first = null;
        for (int step : steps) {
            ids.addAll(admin.cloneConnections(none, step - ids.size()));
            long heapBefore = MemoryBench.liveHeap();
            // Warm-up long enough to touch every connection once at ~5k/s.
            int warmup = Math.max(quick ? 2 : 10, step / 5_000 + 2);
            JsonObject result = Load.closed(ids.stream().map(this::url).toList(), 64).timing(warmup, seconds()).run();
            long heapAfter = MemoryBench.liveHeap();
            double kbPer1000 = step < 1_000 ? 0 : Math.round((heapAfter - heapBefore) / 1024.0 / step * 1000 * 10) / 10.0;
            first = first == null ? result : first;
            report.row("Ingest max, 1 KB, NONE, " + step + " connections round robin",
                    result.getLong("throughputPerSecond") + "/s (p99 " + result.getDouble("p99Ms") + " ms)"
                            + (step >= 1_000 ? ", heap +" + kbPer1000 + " KB per 1,000 connections" : ""),
                    first.getLong("throughputPerSecond") + "/s at " + steps[0] + " connections",
                    Report.ratioText(result.getLong("throughputPerSecond"), first.getLong("throughputPerSecond")));
            growth.put("connections_" + step, result.copy().put("heap_kb_per_1000_connections", kbPer1000));
            if (step >= 1_000) {
                report.section("memory").put("heap_kb_per_1000_connections", kbPer1000).put("heap_measured_at_connections", step);
            }
        }
        long perRequest = MemoryBench.heapPerInFlightRequest(ingestPort, none, quick ? 200 : 1_000);
        report.row("Heap per in-flight request (1 KB body, half read)", Math.round(perRequest / 102.4) / 10.0 + " KB", "", "");
        report.section("memory").put("heap_kb_per_in_flight_request", Math.round(perRequest / 102.4) / 10.0);
    }

    /** Half of the NONE maximum for {@code minutes}, heap sampled each minute. */
    void soak(String none, int minutes) throws Exception {
        long max = report.section("throughput").getLong("ingest_none_per_s", 0L);
        JsonObject soak = MemoryBench.soak(Load.open(urls(none), Math.max(max, 10) / 2.0), minutes, 60);
        report.row("Soak: " + minutes + " min open loop at 50 % of the NONE max, live heap before → after (forced full GCs outside"
                        + " the load); heap after the JVM's own GCs, lowest of the first and last minute",
                soak.getLong("live_heap_kb_before") / 1024 + " MB → " + soak.getLong("live_heap_kb_after") / 1024 + " MB; "
                        + soak.getLong("heap_kb_first") / 1024 + " MB → " + soak.getLong("heap_kb_last") / 1024 + " MB (p99 "
                        + soak.getJsonObject("load").getDouble("p99Ms") + " ms)", "", "");
        report.section("memory").put("soak", soak);
    }

    private static JsonObject better(JsonObject first, JsonObject again) {
        return again.getLong("throughputPerSecond") > first.getLong("throughputPerSecond") ? again : first;
    }

    private Load timed(Load load) {
        return load.timing(quick ? 2 : 10, seconds());
    }

    private int seconds() {
        return quick ? 3 : 30;
    }

    private List<String> urls(String connectionId) {
        return List.of(url(connectionId));
    }

    private String url(String connectionId) {
        return "http://127.0.0.1:" + ingestPort + "/webhooks/in/" + connectionId;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
