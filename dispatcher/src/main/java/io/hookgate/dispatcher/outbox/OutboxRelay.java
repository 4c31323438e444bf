package io.hookgate.dispatcher.outbox;

import io.hookgate.model.event.CloudEventsCodec;
import io.hookgate.model.event.OutboxMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes what transactions wrote to the {@code outbox}: rows are locked with {@code SKIP LOCKED} (so
 * several dispatchers share the work and none sends a row another is sending), sent with acks=all, and
 * marked published in the same transaction. A crash before the mark re-sends the row: delivery is at
 * least once, and consumers deduplicate on the CloudEvents {@code ce_id}.
 */
public final class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final int BATCH = 500;

    private static final String LOCK = """
            SELECT id, topic, message_key, headers, payload FROM outbox
             WHERE published_at IS NULL
             ORDER BY id
             LIMIT $1
             FOR UPDATE SKIP LOCKED""";
    private static final String MARK = "UPDATE outbox SET published_at = now() WHERE id = ANY($1)";
    private static final String PURGE = "DELETE FROM outbox WHERE published_at < now() - interval '1 day'";

    private final Context context;
    private final Pool pool;
    private final KafkaProducer<String, byte[]> producer;
    private boolean running;
    private boolean again;

    /** Runs on a context of its own: its state is only touched there. */
    public OutboxRelay(Vertx vertx, Pool pool, KafkaProducer<String, byte[]> producer) {
        this.context = vertx.getOrCreateContext();
        this.pool = pool;
        this.producer = producer;
    }

    /** Relays until the outbox is empty; a call while a run is going on makes that run look again. */
    public void wake() {
        context.runOnContext(v -> {
            if (running) {
                again = true;
                return;
            }
            running = true;
            drain();
        });
    }

    private void drain() {
        again = false;
        pool.withTransaction(this::relayBatch).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Outbox relay failed, retrying on the next tick: {}", ar.cause().toString());
                running = false;
            } else if (ar.result() == BATCH || again) {
                drain();
            } else {
                running = false;
            }
        });
    }

    private Future<Integer> relayBatch(SqlConnection tx) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(BATCH)).compose(rows -> {
            List<Future<?>> sends = new ArrayList<>(rows.size());
            List<Long> ids = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ids.add(row.getLong("id"));
                sends.add(producer.send(record(row)));
            }
            if (ids.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return Future.all(sends)
                    .compose(v -> tx.preparedQuery(MARK).execute(Tuple.of(ids.toArray(Long[]::new))))
                    .map(ids.size());
        });
    }

    public Future<Integer> purgePublished() {
        return pool.query(PURGE).execute().map(rows -> rows.rowCount());
    }

    private static KafkaProducerRecord<String, byte[]> record(Row row) {
        KafkaProducerRecord<String, byte[]> out = KafkaProducerRecord.create(row.getString("topic"),
                row.getString("message_key"), row.getBuffer("payload").getBytes());
        Object headers = row.getValue("headers");
        if (headers instanceof JsonObject json) {
            for (CloudEventsCodec.Header h : OutboxMessage.headersFrom(json.getMap())) {
                out.addHeader(h.key(), Buffer.buffer(h.value()));
            }
        }
        return out;
    }
}
