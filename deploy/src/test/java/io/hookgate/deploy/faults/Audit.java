package io.hookgate.deploy.faults;

import io.hookgate.deploy.support.Sink;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.deploy.topology.TopologyDatabase;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The promise, checked for a set of acknowledged webhooks: each is on {@code hookgate.inbound} once, in history
 * once, started its flow run once, and its {@code flow.started} event reached the sink under one
 * {@code webhook-id} (the sink may have seen it more than once: it deduplicates on that id).
 */
final class Audit {
    /** What the check found: ids missing somewhere (lost), ids found more than once (duplicated), one line per finding. */
    record Tally(int acknowledged, Set<String> lost, Set<String> duplicated, List<String> findings) {
    }

    private static final Duration POLL = Duration.ofMillis(500);

    private final TopologyDatabase database;
    private final String bootstrap;
    private final Sink sink;
    private final String sinkPath;

    Audit(TopologyDatabase database, String bootstrap, Sink sink, String sinkPath) {
        this.database = database;
        this.bootstrap = bootstrap;
        this.sink = sink;
        this.sinkPath = sinkPath;
    }

    /** Waits up to {@code settle} for everything to arrive downstream, then counts. */
    Tally of(List<String> acknowledged, Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (!complete(acknowledged) && System.nanoTime() < deadline) {
            Pause.of(POLL);
        }
        Map<String, Integer> inKafka = inboundRecords(acknowledged);
        Map<String, Long> history = database.historyRows(acknowledged);
        Map<String, Long> runs = database.flowRuns(acknowledged);
        Map<String, Set<String>> deliveries = deliveredWebhookIds();
        Set<String> lost = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        List<String> findings = new ArrayList<>();
        for (String id : acknowledged) {
            int kafka = inKafka.getOrDefault(id, 0);
            long rows = history.getOrDefault(id, 0L);
            long started = runs.getOrDefault(id, 0L);
            int webhookIds = deliveries.getOrDefault(id, Set.of()).size();
            boolean missing = kafka == 0 || rows == 0 || started == 0 || webhookIds == 0;
            boolean doubled = kafka > 1 || rows > 1 || started > 1 || webhookIds > 1;
            if (missing) {
                lost.add(id);
            }
            if (doubled) {
                duplicated.add(id);
            }
            if (missing || doubled) {
                findings.add(id + ": on hookgate.inbound " + kafka + ", history rows " + rows + ", flow runs " + started
                        + ", flow.started webhook ids at the sink " + webhookIds);
            }
        }
        return new Tally(acknowledged.size(), lost, duplicated, findings);
    }

    private boolean complete(List<String> acknowledged) {
        try {
            return database.historyRows(acknowledged).size() == acknowledged.size()
                    && database.flowRuns(acknowledged).size() == acknowledged.size()
                    && deliveredWebhookIds().keySet().containsAll(acknowledged);
        } catch (IllegalStateException databaseNotBackYet) {
            return false;
        }
    }

    /** How many records of {@code hookgate.inbound} carry each of these request ids. */
    private Map<String, Integer> inboundRecords(List<String> acknowledged) {
        Set<String> wanted = new HashSet<>(acknowledged);
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicProbe.readAll(bootstrap, Topics.INBOUND)) {
            String requestId = TopicProbe.header(record, "ce_requestid");
            if (wanted.contains(requestId)) {
                out.merge(requestId, 1, Integer::sum);
            }
        }
        return out;
    }

    /** Request id of the webhook that started the run → the distinct {@code webhook-id}s its flow.started came with. */
    private Map<String, Set<String>> deliveredWebhookIds() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Sink.Received received : sink.received(sinkPath)) {
            JsonObject event = new JsonObject(received.body());
            if ("flow.started".equals(event.getString("type"))) {
                String requestId = event.getJsonObject("data").getString("requestId");
                out.computeIfAbsent(requestId, k -> new HashSet<>()).add(received.headers().get("webhook-id"));
            }
        }
        return out;
    }
}
