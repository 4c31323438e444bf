package io.hookgate.bench;

import io.hookgate.gateway.publish.KafkaRecords;
import io.hookgate.model.Environment;
import io.hookgate.model.Outcome;
import io.hookgate.model.Topics;
import io.hookgate.model.db.PgSettings;
import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.IngestRecord;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The dispatcher's side: how fast records on {@code hookgate.inbound} become history rows, against a bare
 * consumer that inserts the same rows with batched multi-row inserts (JDBC, reWriteBatchedInserts) and
 * commits per poll.
 */
final class EndToEnd {
    private static final String INSERT = """
            INSERT INTO request_history (record_id, received_at, request_id, connection_id, organisation_id, environment,
                                         outcome, status, reason, content_type, headers, payload, event_id, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (record_id, received_at) DO NOTHING""";

    static final String COPY_TOPIC = "bench.inbound.copy";
    /** The bare consumer's warm-up reads its own topic: a fresh group reads a topic from its start. */
    static final String WARM_UP_TOPIC = "bench.inbound.warm-up";
    /** The bare consumer's paced records (lag at half load): a fresh group reads from the start, so a topic of their own. */
    static final String PACED_TOPIC = "bench.inbound.paced";
    private static final long MAX_LAG_NANOS = TimeUnit.MINUTES.toNanos(5);
    private final String bootstrap;
    private final PgSettings pg;

    EndToEnd(String bootstrap, PgSettings pg) {
        this.bootstrap = bootstrap;
        this.pg = pg;
    }

    /** Records per second from the first send until all {@code count} rows are in history (the dispatcher running). */
    /**
     * @param stored records the dispatcher has stored so far (its {@code BatchObserver}, told after each commit): the
     *               harness waits on it, then checks the rows once, as it does after the bare consumer. Counting the
     *               rows every 50 ms instead cost PostgreSQL ~0.5 s of CPU per query while the dispatcher it
     *               measured wrote to the same table (a {@code LIKE} over the hour's rows, which grow with every run).
     */
    long dispatcherRecordsPerSecond(String connectionId, String organisationId, int count, LongSupplier stored) throws Exception {
        String prefix = "e2e-" + System.nanoTime() + "-";
        long before = stored.getAsLong();
        long started = System.nanoTime();
        produce(Topics.INBOUND, connectionId, organisationId, prefix, count);
        long deadline = started + TimeUnit.MINUTES.toNanos(5);
        Counts.await(() -> stored.getAsLong() - before, count, deadline, "records the dispatcher stored within 5 minutes");
        long elapsed = System.nanoTime() - started;
        awaitRows(prefix, count, Duration.ofSeconds(10));
        return Math.round(count / (elapsed / 1e9));
    }

    /**
     * The same, with a bare consumer (its own topic and group) doing the inserts; it commits each batch before it
     * polls again, so the time ends when it has committed the last, and the rows are checked after, as above.
     */
    long bareConsumerRecordsPerSecond(String topic, String connectionId, String organisationId, int count) throws Exception {
        String prefix = "bare-" + System.nanoTime() + "-";
        long started = System.nanoTime();
        Thread consumer = Thread.ofPlatform().name("bare-consumer").start(() -> consume(topic, count));
        produce(topic, connectionId, organisationId, prefix, count);
        consumer.join(TimeUnit.MINUTES.toMillis(5));
        long elapsed = System.nanoTime() - started;
        awaitRows(prefix, count, Duration.ofSeconds(10));
        return Math.round(count / (elapsed / 1e9));
    }

    /** Lag percentiles in milliseconds over every record of a paced run. */
    record Lag(long records, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
        static Lag of(Histogram h) {
            return new Lag(h.getTotalCount(), millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(99)),
                    millis(h.getValueAtPercentile(99.9)), millis(h.getMaxValue()));
        }

        String text() {
            return p50Ms + " / " + p99Ms + " / " + p999Ms + " ms";
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 1e4) / 100.0;
        }
    }

    /**
     * The dispatcher's lag at a fixed pace: {@code perSecond} records a second for {@code seconds} seconds, each stamped
     * with the moment it was due to be sent (a late send counts against the dispatcher: no coordinated omission),
     * measured to the moment the dispatcher reports the batch holding it durable in PostgreSQL (its history row visible).
     */
    Lag dispatcherLag(String connectionId, String organisationId, int perSecond, int seconds, DispatcherProbe probe) throws Exception {
        String prefix = "lag-" + System.nanoTime() + "-";
        int count = perSecond * seconds;
        long before = probe.stored();
        Recorder lag = probe.measure(prefix);
        try {
            producePaced(Topics.INBOUND, connectionId, organisationId, prefix, perSecond, count);
            Counts.await(() -> probe.stored() - before, count, System.nanoTime() + TimeUnit.MINUTES.toNanos(5),
                    "paced records the dispatcher stored within 5 minutes");
        } finally {
            probe.stop();
        }
        return Lag.of(lag.getIntervalHistogram());
    }

    /** The same pace and measure for the bare consumer: from each record's due time to its batch's database commit. */
    Lag bareConsumerLag(String connectionId, String organisationId, int perSecond, int seconds) throws Exception {
        String prefix = "bare-lag-" + System.nanoTime() + "-";
        int count = perSecond * seconds;
        Recorder lag = lagRecorder();
        Thread consumer = Thread.ofPlatform().name("bare-consumer").start(() -> consume(PACED_TOPIC, count, lag));
        producePaced(PACED_TOPIC, connectionId, organisationId, prefix, perSecond, count);
        consumer.join(TimeUnit.MINUTES.toMillis(5));
        if (consumer.isAlive()) {
            throw new IllegalStateException("the bare consumer did not store the paced records within 5 minutes");
        }
        return Lag.of(lag.getIntervalHistogram());
    }

    /** A recorder for {@link #recordLag}: lags up to five minutes, three significant digits. */
    static Recorder lagRecorder() {
        return new Recorder(MAX_LAG_NANOS, 3);
    }

    /** The lag of a record made durable just now: from its due time (its {@code receivedAt}), at most five minutes. */
    static void recordLag(Recorder lag, IngestRecord record, Instant now) {
        lag.recordValue(Math.clamp(Duration.between(record.receivedAt(), now).toNanos(), 0, MAX_LAG_NANOS));
    }

    /** Percentiles (ms) of stored_at − received_at for the given requests: 202 to history row. */
    Map<String, Double> ackToHistoryMillis(List<String> requestIds) throws SQLException {
        String sql = """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)) * 1000 AS p50,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)) * 1000 AS p99,
                       count(*) AS n
                  FROM request_history WHERE request_id = ANY(?)""";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Double> out = new HashMap<>();
                out.put("p50Ms", Math.round(rs.getDouble("p50") * 100) / 100.0);
                out.put("p99Ms", Math.round(rs.getDouble("p99") * 100) / 100.0);
                out.put("rows", (double) rs.getLong("n"));
                return out;
            }
        }
    }

    long rowsFor(List<String> requestIds) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM request_history WHERE request_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** {@code count} records at {@code perSecond} ({@link Pace}), each stamped with its due time as its {@code receivedAt}. */
    private void producePaced(String topic, String connectionId, String organisationId, String prefix, int perSecond, int count)
            throws Exception {
        byte[] body = Bodies.json(1024).getBytes();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
            Pace.atFixedRate(perSecond, count,
                    (i, due) -> producer.send(KafkaRecords.of(topic, record(connectionId, organisationId, prefix + i, due, body))));
            producer.flush();
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", "true",
                "linger.ms", "5", "key.serializer", StringSerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName());
    }

    private static IngestRecord record(String connectionId, String organisationId, String id, Instant receivedAt, byte[] body) {
        return new IngestRecord("rec_" + id, id, connectionId, organisationId, Environment.TEST, receivedAt, Outcome.ACCEPTED, null,
                "application/json", Map.of("content-type", List.of("application/json")), body, null, 1);
    }

    private void produce(String topic, String connectionId, String organisationId, String prefix, int count) throws Exception {
        byte[] body = Bodies.json(1024).getBytes();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
            for (int i = 0; i < count; i++) {
                producer.send(KafkaRecords.of(topic, record(connectionId, organisationId, prefix + i, Instant.now(), body)));
            }
            producer.flush();
        }
    }

    private void consume(String topic, int count) {
        consume(topic, count, null);
    }

    /** Consumes and stores {@code count} records; with {@code lag}, records each one's lag once its batch is committed. */
    private void consume(String topic, int count, Recorder lag) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "group.id", "bench-bare-" + System.nanoTime(),
                "auto.offset.reset", "earliest", "enable.auto.commit", "false", "max.poll.records", "500",
                "key.deserializer", StringDeserializer.class.getName(), "value.deserializer", ByteArrayDeserializer.class.getName());
        int stored = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config); Connection db = connect()) {
            db.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            while (stored < count) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<IngestRecord> batch = new ArrayList<>(records.count());
                try (PreparedStatement ps = db.prepareStatement(INSERT)) {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        List<CloudEventsCodec.Header> headers = new ArrayList<>();
                        for (Header h : r.headers()) {
                            headers.add(new CloudEventsCodec.Header(h.key(), h.value()));
                        }
                        IngestRecord rec = CloudEventsCodec.decode(headers, r.value());
                        batch.add(rec);
                        ps.setString(1, rec.recordId());
                        ps.setTimestamp(2, Timestamp.from(rec.receivedAt()));
                        ps.setString(3, rec.requestId());
                        ps.setString(4, rec.connectionId());
                        ps.setString(5, rec.organisationId());
                        ps.setString(6, rec.environment().name());
                        ps.setString(7, rec.outcome().name());
                        ps.setInt(8, rec.outcome().httpStatus());
                        ps.setString(9, rec.reason());
                        ps.setString(10, rec.contentType());
                        ps.setString(11, "{\"content-type\":[\"application/json\"]}");
                        ps.setBytes(12, rec.payload());
                        ps.setString(13, rec.eventId());
                        ps.setInt(14, (int) rec.durationMs());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                db.commit();
                if (lag != null) {
                    Instant now = Instant.now();
                    batch.forEach(rec -> recordLag(lag, rec, now));
                }
                consumer.commitSync();
                stored += records.count();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitRows(String prefix, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM request_history WHERE request_id LIKE ? AND received_at > now() - interval '1 hour'")) {
            ps.setString(1, prefix + "%");
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= count) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("history did not reach " + count + " rows for " + prefix + " within " + within);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl() + "?reWriteBatchedInserts=true", pg.user(), pg.password());
    }
}
