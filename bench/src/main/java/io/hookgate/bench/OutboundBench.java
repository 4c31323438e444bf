package io.hookgate.bench;

import io.hookgate.model.Environment;
import io.hookgate.model.IdKind;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbound delivery: how fast the delivery role drains a backlog of due deliveries into a local sink
 * (claim, sign, send, attempt log, settle), against a bare Vert.x HTTP client sending the same bodies to
 * the same sink at the same concurrency; and what writing the attempt log costs on its own.
 */
final class OutboundBench implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong received = new AtomicLong();
    private final HttpServer sink;

    /** While set: each delivery's delay from its event's time (in the body) to the sink. */
    private volatile Recorder eventToSink;

    OutboundBench() throws Exception {
        sink = vertx.createHttpServer().requestHandler(req -> {
            Recorder latencies = eventToSink;
            if (latencies == null) {
                req.end().onComplete(v -> answer(req));
            } else {
                req.body().onSuccess(body -> {
                    Instant sent = Instant.parse(new JsonObject(body).getString("timestamp"));
                    latencies.recordValue(Math.max(0, Duration.between(sent, Instant.now()).toNanos()));
                    answer(req);
                });
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void answer(HttpServerRequest req) {
        received.incrementAndGet();
        req.response().setStatusCode(204).end();
    }

    String sinkUrl(String path) {
        return "http://127.0.0.1:" + sink.actualPort() + path;
    }

    /**
     * Inserts {@code count} due deliveries spread over {@code endpoints} into a vacuumed queue and returns
     * deliveries/s from the insert's commit until the last one succeeded.
     */
    long deliveriesPerSecond(BenchAdmin admin, List<String> endpoints, int count, int bodyBytes) throws Exception {
        String run = "evt_bench_" + UUID.randomUUID().toString().replace("-", "") + "_";
        byte[] payload = Bodies.json(bodyBytes).getBytes();
        try (Connection c = admin.jdbc(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, environment, event_id, event_type, payload, status)
                SELECT ?, e.id, e.organisation_id, e.environment, ?, 'flow.bench', ?, 'PENDING' FROM webhook_endpoints e WHERE e.id = ?""")) {
            vacuumQueue(c);
            List<String> ids = new ArrayList<>(count);
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                ids.add(run + i);
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, ids.getLast());
                ps.setBytes(3, payload);
                ps.setObject(4, UUID.fromString(endpoints.get(i % endpoints.size())));
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            long sunk = received.get();
            long started = System.nanoTime();
            c.commit();
            c.setAutoCommit(true);
            long deadline = started + TimeUnit.MINUTES.toNanos(5);
            awaitReceived(sunk + count, deadline);
            long finished = awaitFinished(c, endpoints, ids, count, deadline);
            requireAllSucceeded(c, endpoints, ids, count);
            return Math.round(count / ((finished - started) / 1e9));
        }
    }

    /**
     * New events, as the platform publishes them: {@code events} {@code flow.bench} events of the endpoints'
     * organisation and environment go to {@code hookgate.events}, each fanned out to every endpoint (all subscribe
     * to {@code flow.*}). Deliveries/s from the first publish until the last delivery succeeded: publish, fan-out,
     * first attempt, attempt log and settle.
     */
    long eventDeliveriesPerSecond(BenchAdmin admin, String bootstrap, List<String> endpoints, int events, int bodyBytes) throws Exception {
        byte[] data = Bodies.json(bodyBytes).getBytes();
        try (Connection c = admin.jdbc()) {
            Tenant tenant = tenantOf(c, endpoints.getFirst());
            vacuumQueue(c);
            List<String> ids = new ArrayList<>();
            long sunk = received.get();
            long started = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                for (int i = 0; i < events; i++) {
                    PlatformEvent event = new PlatformEvent(IdKind.EVENT.generate(), "flow.bench", tenant.organisation(), tenant.environment(),
                            Instant.now(), data);
                    ids.add(event.id());
                    producer.send(record(event));
                }
                producer.flush();
            }
            long deadline = started + TimeUnit.MINUTES.toNanos(5);
            awaitReceived(sunk + (long) events * endpoints.size(), deadline);
            long finished = awaitFinished(c, endpoints, ids, (long) events * endpoints.size(), deadline);
            requireAllSucceeded(c, endpoints, ids, (long) events * endpoints.size());
            return Math.round((double) events * endpoints.size() / ((finished - started) / 1e9));
        }
    }

    /** Event → sink delays at a fixed event rate: p50 and p99 in milliseconds. */
    record EventLatency(int eventsPerSecond, int deliveries, double p50Ms, double p99Ms) {
    }

    /**
     * Publishes {@code eventsPerSecond} events for {@code seconds} at a fixed pace, each stamped with the time it was
     * due to be sent (so a late publish counts against us: no coordinated omission), and measures at the sink how long
     * each delivery took from that time: publish, fan-out, the first attempt's start and the request.
     */
    EventLatency eventLatency(BenchAdmin admin, String bootstrap, List<String> endpoints, int eventsPerSecond, int seconds, int bodyBytes)
            throws Exception {
        byte[] data = Bodies.json(bodyBytes).getBytes();
        Recorder latencies = new Recorder(TimeUnit.MINUTES.toNanos(5), 3);
        int events = eventsPerSecond * seconds;
        long sunk = received.get();
        eventToSink = latencies;
        try (Connection c = admin.jdbc(); KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            Tenant tenant = tenantOf(c, endpoints.getFirst());
            List<String> ids = new ArrayList<>();
            Pace.atFixedRate(eventsPerSecond, events, (i, due) -> {
                PlatformEvent event = new PlatformEvent(IdKind.EVENT.generate(), "flow.bench", tenant.organisation(), tenant.environment(),
                        due, data);
                ids.add(event.id());
                producer.send(record(event));
            });
            producer.flush();
            awaitReceived(sunk + (long) events * endpoints.size(), System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
            awaitFinished(c, endpoints, ids, (long) events * endpoints.size(), System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        } finally {
            eventToSink = null;
        }
        Histogram h = latencies.getIntervalHistogram();
        return new EventLatency(eventsPerSecond, (int) h.getTotalCount(), millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(99)));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    private record Tenant(String organisation, Environment environment) {
    }

    private static Tenant tenantOf(Connection c, String endpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT organisation_id, environment FROM webhook_endpoints WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(endpoint));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Tenant(rs.getString(1), Environment.valueOf(rs.getString(2)));
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
    }

    /** The event as the platform publishes it (the outbox relay's record). */
    private static ProducerRecord<String, byte[]> record(PlatformEvent event) {
        OutboxMessage message = OutboxMessage.of(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(message.topic(), message.key(), message.payload());
        message.headers().forEach(h -> record.headers().add(h.key(), h.value()));
        return record;
    }

    /**
     * Waits, without touching the database, until the sink has answered {@code total} requests in all. Polling the
     * pending count from the start cost PostgreSQL ~20 ms a query (the queue's dead index entries on a box without
     * autovacuum): 7.8 s of the database's time in one run, taken from the worker it measured.
     */
    private void awaitReceived(long total, long deadline) throws InterruptedException {
        Counts.await(received::get, total, deadline, "bench deliveries the sink received within 5 minutes");
    }

    /**
     * Once the sink has them all: polls the endpoints' pending count every 20 ms until the last results are
     * recorded (a few polls) and returns when it hit 0.
     */
    /**
     * Waits until none of the endpoints' deliveries is pending and these events' {@code expected} deliveries are all
     * finished (a new delivery's row is only written with its first attempt's result, so no pending row is not enough);
     * returns when. The count over the events is only taken once nothing is pending, so it does not load the run.
     */
    private static long awaitFinished(Connection c, List<String> endpoints, List<String> eventIds, long expected, long deadline)
            throws Exception {
        try (PreparedStatement pending = c.prepareStatement(
                "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ANY(?) AND status = 'PENDING'");
             PreparedStatement finished = c.prepareStatement(
                "SELECT count(*) FROM webhook_deliveries WHERE event_id = ANY(?) AND endpoint_id = ANY(?) AND status <> 'PENDING'")) {
            Array endpointIds = c.createArrayOf("uuid", endpoints.stream().map(UUID::fromString).toArray());
            pending.setArray(1, endpointIds);
            finished.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            finished.setArray(2, endpointIds);
            while (System.nanoTime() < deadline) {
                if (count(pending) == 0 && count(finished) >= expected) {
                    return System.nanoTime();
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the delivery worker did not finish the bench deliveries within 5 minutes");
    }

    private static long count(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** That the endpoints' deliveries of these events, {@code expected} in all, all succeeded. */
    private static void requireAllSucceeded(Connection c, List<String> endpoints, List<String> eventIds, long expected) throws SQLException {
        try (PreparedStatement done = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status = 'SUCCEEDED') FROM webhook_deliveries WHERE event_id = ANY(?) AND endpoint_id = ANY(?)")) {
            done.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            done.setArray(2, c.createArrayOf("uuid", endpoints.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = done.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != expected) {
                    throw new IllegalStateException((expected - rs.getLong(1)) + " of " + expected + " bench deliveries did not succeed");
                }
            }
        }
    }

    /**
     * What autovacuum would have done since the last phase (this box's PostgreSQL runs without it): the previous
     * phase's updates left dead entries in the queue's indexes that every claim would walk past.
     */
    private static void vacuumQueue(Connection c) throws SQLException {
        try (PreparedStatement vacuum = c.prepareStatement("VACUUM (ANALYZE) webhook_deliveries")) {
            vacuum.execute();
        }
    }

    /** Deletes the bench endpoints' deliveries and attempts, and the endpoints, so that runs do not pile rows up in the bench database. */
    void cleanUp(BenchAdmin admin, List<String> endpoints) throws SQLException {
        try (Connection c = admin.jdbc()) {
            retire(c, c.createArrayOf("uuid", endpoints.stream().map(UUID::fromString).toArray()));
        }
    }

    /**
     * Retires the other endpoints of the bench endpoints' organisation: earlier runs' (one that did not end cleanly
     * left its own), which would otherwise be sent every event this run publishes, under secrets this run's master
     * key cannot open.
     */
    void retireOthers(BenchAdmin admin, List<String> endpoints) throws SQLException {
        try (Connection c = admin.jdbc()) {
            String organisation = tenantOf(c, endpoints.getFirst()).organisation();
            try (PreparedStatement others = c.prepareStatement(
                    "SELECT coalesce(array_agg(id), '{}') FROM webhook_endpoints WHERE organisation_id = ? AND NOT (id = ANY(?))")) {
                others.setString(1, organisation);
                others.setArray(2, c.createArrayOf("uuid", endpoints.stream().map(UUID::fromString).toArray()));
                try (ResultSet rs = others.executeQuery()) {
                    rs.next();
                    retire(c, rs.getArray(1));
                }
            }
        }
    }

    /** Deletes the endpoints' deliveries and attempts and deletes the endpoints (as the API does: they stay, marked). */
    private static void retire(Connection c, java.sql.Array endpoints) throws SQLException {
        for (String sql : List.of("DELETE FROM webhook_attempts WHERE endpoint_id = ANY(?)",
                "DELETE FROM webhook_deliveries WHERE endpoint_id = ANY(?)",
                "UPDATE webhook_endpoints SET active = false, deleted_at = now() WHERE id = ANY(?) AND deleted_at IS NULL")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, endpoints);
                ps.executeUpdate();
            }
        }
    }

    /** Baseline: a bare Vert.x HTTP client posting {@code count} bodies to the sink, {@code concurrency} at a time. */
    long bareClientPerSecond(int count, int concurrency, int bodyBytes) throws InterruptedException {
        Buffer body = Bodies.json(bodyBytes);
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> send(client, body, count, next, failed, done));
        }
        if (!done.await(5, TimeUnit.MINUTES) || failed.get() > 0) {
            throw new IllegalStateException("the bare client failed " + failed.get() + " requests");
        }
        long perSecond = Math.round(count / ((System.nanoTime() - started) / 1e9));
        client.close();
        return perSecond;
    }

    private void send(HttpClientAgent client, Buffer body, int count, AtomicLong next, AtomicLong failed, CountDownLatch done) {
        long n = next.getAndIncrement();
        if (n >= count) {
            done.countDown();
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(sink.actualPort())
                .setURI("/bare/" + (n % 16)).addHeader("content-type", "application/json");
        client.request(options).compose(req -> req.send(body)).compose(resp -> resp.end().map(resp.statusCode()))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() >= 300) {
                        failed.incrementAndGet();
                    }
                    send(client, body, count, next, failed, done);
                });
    }

    /**
     * The attempt log's write cost alone: rows like the worker's (masked headers, excerpt, latency) inserted
     * in batches of {@code batch}, one commit per batch. Microseconds per row.
     */
    double attemptLogMicrosPerRow(BenchAdmin admin, int rows, int batch) throws SQLException {
        try (Connection c = admin.jdbc()) {
            try (PreparedStatement partition = c.prepareStatement("SELECT hookgate_ensure_day_partition('webhook_attempts', current_date)")) {
                partition.execute();
            }
            c.setAutoCommit(false);
            String headers = "{\"content-type\":\"application/json\",\"webhook-id\":\"msg_x\",\"webhook-timestamp\":\"1\","
                    + "\"webhook-signature\":\"***\",\"user-agent\":\"Hookgate-Webhooks/1.0\"}";
            List<UUID> deliveries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                deliveries.add(UUID.randomUUID());
            }
            long started = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO webhook_attempts (id, attempted_at, delivery_id, endpoint_id, attempt, request_headers, status,
                                                  response_excerpt, latency_ms, error)
                    VALUES (?, ?, ?, ?, 1, ?::jsonb, 204, '', 1, NULL)""")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "rec_bench_" + UUID.randomUUID());
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.setObject(3, deliveries.get(i % deliveries.size()));
                    ps.setObject(4, deliveries.get((i + 1) % deliveries.size()));
                    ps.setString(5, headers);
                    ps.addBatch();
                    if (i % batch == batch - 1 || i == rows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            double micros = (System.nanoTime() - started) / 1e3 / rows;
            c.rollback();
            try (PreparedStatement cleanup = c.prepareStatement("DELETE FROM webhook_attempts WHERE id LIKE 'rec_bench_%'")) {
                cleanup.executeUpdate();
                c.commit();
            }
            return Math.round(micros * 100) / 100.0;
        }
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() throws Exception {
        sink.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
