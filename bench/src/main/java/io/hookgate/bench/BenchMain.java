package io.hookgate.bench;

import io.hookgate.deploy.EmbeddedKafka;
import io.hookgate.deploy.Hookgate;
import io.hookgate.deploy.HookgateConfig;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.gateway.config.GatewayConfig;
import io.hookgate.model.crypto.SecretBox;
import io.hookgate.model.db.PgSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code deploy/bench/run.sh [--quick] [--out DIR]}: starts a broker, Hookgate (all roles) and the bare
 * baseline in this JVM, drives them from a generator JVM, and writes {@code report.md} and
 * {@code report.json}. Every scenario runs its baseline in the same run and reports the ratio: absolute
 * numbers on a shared machine mean little, ratios mean more.
 */
public final class BenchMain {
    private static final String API_KEY = "hg_test_benchbenchbenchbenchbenchbench0001";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final boolean quick;
    private final Path out;
    private final JsonObject report = new JsonObject();
    private final String runTag = Long.toString(System.currentTimeMillis() / 1000 % 10_000_000, 36);
    private final List<String[]> rows = new ArrayList<>();
    private Hookgate app;
    private int barePort;

    private BenchMain(boolean quick, Path out) {
        this.quick = quick;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: run.sh [--quick] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        new BenchMain(quick, out).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Path data = Files.createTempDirectory("hookgate-bench-");
        PgSettings pg = PgSettings.fromEnv(System.getenv()).withDatabase("hookgate_bench");
        try (EmbeddedKafka broker = new EmbeddedKafka(data.resolve("kafka"), 0).start()) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(Map.of("HOOKGATE_ROLES", "ingest,admin", "HOOKGATE_INGEST_PORT", "0", "HOOKGATE_ADMIN_PORT", "0",
                    "HOOKGATE_KAFKA_BOOTSTRAP", broker.bootstrapServers(), "HOOKGATE_KAFKA_PARTITIONS", "6",
                    "PGDATABASE", pg.database(), "HOOKGATE_ACCESS_LOG", "false",
                    "HOOKGATE_BOOTSTRAP_API_KEY", API_KEY, "HOOKGATE_MASTER_KEY", SecretBox.generateKey(),
                    "HOOKGATE_DATA_DIR", data.toString()));
            env.put("HOOKGATE_MANAGEMENT_PORT", "0"); // the gateway and the dispatcher share this JVM
            createTopics(broker.bootstrapServers(), BareIngestVerticle.TOPIC, EndToEnd.COPY_TOPIC);
            HookgateConfig config = HookgateConfig.fromEnv(env);
            app = Hookgate.start(config, Clock.systemUTC(), BatchObserver.NONE);
            GatewayConfig gateway = config.gateway(broker.bootstrapServers());
            Vertx bareVertx = Vertx.vertx();
            try {
                AtomicInteger port = new AtomicInteger();
                bareVertx.deployVerticle(() -> new BareIngestVerticle(gateway.producerConfig(), port::set),
                        new DeploymentOptions().setInstances(gateway.ingestInstances())).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                barePort = port.get();
                machine(config, gateway);
                scenarios(broker.bootstrapServers(), gateway, pg, env);
            } finally {
                bareVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                app.close();
            }
        }
        write();
    }

    private void scenarios(String bootstrap, GatewayConfig gateway, PgSettings pg, Map<String, String> env) throws Exception {
        int seconds = seconds();
        int warmup = warmup();
        String none = connection("Bench none", new JsonObject().put("mode", "NONE")).getString("id");
        JsonObject shared = connection("Bench shared secret", new JsonObject().put("mode", "SHARED_SECRET"));

        long ceiling = KafkaCeiling.recordsPerSecond(gateway.producerConfig(), BareIngestVerticle.TOPIC, 1024, quick ? 3 : 10, 2048);
        row("Raw Kafka producer ceiling (b), 1 KB", ceiling + "/s", "", "");
        report.put("throughput", new JsonObject().put("kafka_ceiling_per_s", ceiling));

        JsonObject bare = load(List.of(bareUrl()), Map.of(), 1024, "closed", 64, 0, warmup, seconds, false);
        JsonObject plain = load(List.of(ingestUrl(none)), Map.of(), 1024, "closed", 64, 0, warmup, seconds, false);
        JsonObject secret = load(List.of(ingestUrl(shared.getString("id"))), Map.of("x-webhook-secret", shared.getString("secret")),
                1024, "closed", 64, 0, warmup, seconds, false);
        compare("Ingest max, 1 KB, NONE", plain, bare);
        compare("Ingest max, 1 KB, SHARED_SECRET (cache warm)", secret, bare);
        report.getJsonObject("throughput")
                .put("bare_per_s", bare.getLong("throughputPerSecond"))
                .put("ingest_none_per_s", plain.getLong("throughputPerSecond"))
                .put("ingest_shared_secret_per_s", secret.getLong("throughputPerSecond"))
                // No HMAC verifier is wired yet (auth modes STRIPE/SVIX arrive with the verification issue).
                .putNull("ingest_hmac_per_s");

        double half = plain.getLong("throughputPerSecond") / 2.0;
        JsonObject openHookgate = load(List.of(ingestUrl(none)), Map.of(), 1024, "open", 0, half, warmup, seconds, false);
        JsonObject openBare = load(List.of(bareUrl()), Map.of(), 1024, "open", 0, half, warmup, seconds, false);
        row("Open loop at 50 % of max (" + Math.round(half) + "/s): p99 / p99.9",
                openHookgate.getDouble("p99Ms") + " / " + openHookgate.getDouble("p999Ms") + " ms",
                openBare.getDouble("p99Ms") + " / " + openBare.getDouble("p999Ms") + " ms", "");
        report.put("latency", new JsonObject()
                .put("p50_ms_half_load", openHookgate.getDouble("p50Ms"))
                .put("p99_ms_half_load", openHookgate.getDouble("p99Ms"))
                .put("p999_ms_half_load", openHookgate.getDouble("p999Ms"))
                .put("bare_p99_ms_half_load", openBare.getDouble("p99Ms"))
                .put("bare_p999_ms_half_load", openBare.getDouble("p999Ms")));

        JsonObject growth = new JsonObject();
        for (int size : new int[]{10 * 1024, 100 * 1024}) {
            JsonObject h = load(List.of(ingestUrl(none)), Map.of(), size, "closed", 32, 0, warmup, seconds, false);
            JsonObject b = load(List.of(bareUrl()), Map.of(), size, "closed", 32, 0, warmup, seconds, false);
            compare("Ingest max, " + size / 1024 + " KB, NONE", h, b);
            growth.put("payload_" + size / 1024 + "kb", new JsonObject().put("hookgate", h).put("bare", b));
        }
        int many = quick ? 200 : 1000;
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            urls.add(ingestUrl(connection("Bench fanout " + i, new JsonObject().put("mode", "NONE")).getString("id")));
        }
        JsonObject fanout = load(urls, Map.of(), 1024, "closed", 64, 0, warmup, seconds, false);
        compare("Ingest max, 1 KB, " + many + " connections round robin", fanout, bare);
        growth.put("connections_" + many, fanout);
        JsonObject idem = load(List.of(ingestUrl(none)), Map.of(), 1024, "closed", 64, 0, warmup, seconds, true);
        compare("Ingest max, 1 KB, with X-Idempotency-Key", idem, bare);
        growth.put("idempotency", idem);
        report.put("growth", growth);

        // The gateway ran alone so far (as its own pods would). Now a dispatcher joins, in a fresh consumer
        // group starting at the end of the topics: the ingest scenarios' backlog is not part of its measurement.
        Map<String, String> dispatcherEnv = new HashMap<>(env);
        dispatcherEnv.put("HOOKGATE_ROLES", "dispatcher");
        dispatcherEnv.put("HOOKGATE_DISPATCHER_GROUP", "bench-dispatcher-" + runTag);
        dispatcherEnv.put("HOOKGATE_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest");
        dispatcherEnv.put("HOOKGATE_DISPATCHER_POLL_MS", "100");
        Hookgate dispatcherProcess = Hookgate.start(HookgateConfig.fromEnv(dispatcherEnv), Clock.systemUTC(), BatchObserver.NONE);
        try {
            endToEnd(bootstrap, pg, none);
        } finally {
            dispatcherProcess.close();
        }
        report.put("ratios", new JsonObject()
                .put("ingest_none_vs_bare", ratioValue(plain.getLong("throughputPerSecond"), bare.getLong("throughputPerSecond")))
                .put("ingest_shared_secret_vs_bare", ratioValue(secret.getLong("throughputPerSecond"), bare.getLong("throughputPerSecond")))
                .putNull("ingest_hmac_vs_bare")
                .putNull("shared_secret_vs_hmac")
                .put("e2e_vs_baseline", report.getJsonObject("e2e").getDouble("ratio"))
                // Outbound delivery is not built yet; its scenario arrives with it.
                .putNull("outbound_vs_bare"));
    }

    private void endToEnd(String bootstrap, PgSettings pg, String none) throws Exception {
        Thread.sleep(3000); // the new group's first assignment
        EndToEnd e2e = new EndToEnd(bootstrap, pg);
        String orgId = organisationOf(pg, none);
        int records = quick ? 5_000 : 50_000;
        long dispatcher = e2e.dispatcherRecordsPerSecond(none, orgId, records);
        long bareConsumer = e2e.bareConsumerRecordsPerSecond(none, orgId, records);
        row("Dispatcher: Kafka → history rows (" + records + " records)", dispatcher + "/s", bareConsumer + "/s",
                ratio(dispatcher, bareConsumer));
        List<String> sampled = sample(e2e, none, quick ? 100 : 500);
        Map<String, Double> ackToRow = e2e.ackToHistoryMillis(sampled);
        row("202 → history row visible (p50 / p99, light load)", ackToRow.get("p50Ms") + " / " + ackToRow.get("p99Ms") + " ms", "", "");
        report.put("e2e", new JsonObject().put("dispatcher_per_s", dispatcher).put("bare_consumer_per_s", bareConsumer)
                .put("ratio", ratioValue(dispatcher, bareConsumer))
                .put("ack_to_history_p50_ms", ackToRow.get("p50Ms")).put("ack_to_history_p99_ms", ackToRow.get("p99Ms")));
    }

    private int seconds() {
        return quick ? 6 : 30;
    }

    private int warmup() {
        return quick ? 3 : 10;
    }

    /** Requests at a gentle fixed pace, so that 202 → history measures the pipe, not a queue. */
    private List<String> sample(EndToEnd e2e, String connectionId, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        String prefix = "sample-" + System.nanoTime() + "-";
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl(connectionId))).header("x-request-id", id)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Bodies.json(1024).toString())).build();
            HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            ids.add(id);
            Thread.sleep(10);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && e2e.rowsFor(ids) < count) {
            Thread.sleep(100);
        }
        return ids;
    }

    private JsonObject load(List<String> urls, Map<String, String> headers, int bodyBytes, String mode, int concurrency, double rate,
                            int warmup, int seconds, boolean idempotency) throws IOException, InterruptedException {
        JsonObject spec = new JsonObject().put("urls", new JsonArray(urls)).put("headers", new JsonObject(new HashMap<>(headers)))
                .put("bodyBytes", bodyBytes).put("mode", mode).put("concurrency", concurrency).put("rate", rate)
                .put("warmupSeconds", warmup).put("seconds", seconds).put("idempotencyKeys", idempotency);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(), spec.encode()).redirectErrorStream(false).start();
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        if (!process.waitFor(seconds + warmup + 120L, TimeUnit.SECONDS) || last == null) {
            process.destroyForcibly();
            throw new IllegalStateException("load generator failed: " + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonObject result = new JsonObject(last);
        if (result.getLong("ok") == 0) {
            throw new IllegalStateException("no request succeeded in " + spec.encode() + ": " + result.encode());
        }
        System.out.println("  " + mode + " " + bodyBytes + " B → " + result.encode());
        return result;
    }

    private void compare(String name, JsonObject hookgate, JsonObject baseline) {
        long h = hookgate.getLong("throughputPerSecond");
        long b = baseline.getLong("throughputPerSecond");
        row(name, h + "/s (p99 " + hookgate.getDouble("p99Ms") + " ms)", b + "/s (p99 " + baseline.getDouble("p99Ms") + " ms)", ratio(h, b));
        if (hookgate.getLong("failed") > 0) {
            System.out.println("  note: " + hookgate.getLong("failed") + " failed requests in " + name);
        }
    }

    private void row(String scenario, String hookgate, String baseline, String ratio) {
        rows.add(new String[]{scenario, hookgate, baseline, ratio});
        System.out.println(scenario + ": " + hookgate + (baseline.isEmpty() ? "" : " vs " + baseline + " → " + ratio));
    }

    private static String ratio(long value, long baseline) {
        return baseline == 0 ? "–" : String.format("%.2f", (double) value / baseline);
    }

    private static Double ratioValue(long value, long baseline) {
        return baseline == 0 ? null : Math.round(100.0 * value / baseline) / 100.0;
    }

    private void machine(HookgateConfig config, GatewayConfig gateway) {
        JsonObject machine = new JsonObject()
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024))
                .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .put("date", Instant.now().toString())
                .put("mode", quick ? "quick" : "full");
        report.put("machine", machine);
        report.put("settings", new JsonObject().put("ingestInstances", gateway.ingestInstances())
                .put("producer", new JsonObject(new LinkedHashMap<>(gateway.producerConfig())))
                .put("accessLog", false).put("partitions", 6));
    }

    private void write() throws IOException {
        StringBuilder md = new StringBuilder("# Hookgate benchmark\n\n");
        JsonObject m = report.getJsonObject("machine");
        md.append("Machine: ").append(m.getInteger("cores")).append(" cores, ").append(m.getString("jdk")).append(", ")
                .append(m.getString("os")).append(", ").append(m.getString("date")).append(" (").append(m.getString("mode"))
                .append(" mode). Everything on one box over loopback: embedded broker, PostgreSQL, server and load generator.\n\n");
        md.append("| scenario | Hookgate | baseline | ratio |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("\nBaselines: (a) a bare Vert.x verticle that reads the body, produces it with the same producer settings "
                + "and answers after the ack; (b) a raw Kafka producer with the same settings; the dispatcher's baseline is a bare "
                + "consumer inserting the same rows with batched multi-row inserts. Open-loop latencies are measured from each "
                + "request's intended send time (no coordinated omission).\n");
        Files.writeString(out.resolve("report.md"), md.toString());
        Files.writeString(out.resolve("report.json"), report.encodePrettily());
        System.out.println("wrote " + out.resolve("report.md") + " and " + out.resolve("report.json"));
    }

    /** The broker does not auto-create topics; the baselines get theirs like Hookgate's (6 partitions). */
    private static void createTopics(String bootstrap, String... topics) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(java.util.Arrays.stream(topics)
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 6, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    // ---- admin API helpers ----

    private JsonObject connection(String baseName, JsonObject auth) throws IOException, InterruptedException {
        // The bench database outlives runs: names carry the run's tag so that they stay unique.
        String name = baseName + " " + runTag;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + "/api/v1/connections"))
                .header("authorization", "Bearer " + API_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).put("auth", auth).encode())).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating " + name + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    private static String organisationOf(PgSettings pg, String connectionId) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var ps = c.prepareStatement("SELECT organisation_id FROM connections WHERE id = ?")) {
            ps.setString(1, connectionId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String ingestUrl(String connectionId) {
        return "http://127.0.0.1:" + app.ingestPort() + "/webhooks/in/" + connectionId;
    }

    private String bareUrl() {
        return "http://127.0.0.1:" + barePort + "/bare";
    }
}
