package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Live tails of connections' requests, for every admin instance: the dispatcher NOTIFYs
 * {@code hookgate_history} when rows commit (whichever gateway took the request), and this hub fetches
 * the rows of connections someone is watching and pushes them as Server-Sent Events.
 */
public final class LiveTail {
    public static final String CHANNEL = "hookgate_history";
    static final long HEARTBEAT_MS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);

    private final Vertx vertx;
    private final HistoryStore history;
    private final PgSubscriber subscriber;
    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();

    public LiveTail(Vertx vertx, PgConnectOptions pg, HistoryStore history) {
        this.vertx = vertx;
        this.history = history;
        this.subscriber = PgSubscriber.subscriber(vertx, pg).reconnectPolicy(attempt -> 500L);
    }

    public Future<Void> start() {
        subscriber.channel(CHANNEL).handler(this::onCommitted);
        return subscriber.connect();
    }

    public Future<Void> stop() {
        watchers.values().forEach(set -> set.forEach(Watcher::close));
        return subscriber.close();
    }

    /** Starts streaming to this response; rows after {@code resumeAfter} (Last-Event-ID) are sent first. */
    void watch(Tenant tenant, String connectionId, HttpServerResponse response, PageCursor resumeAfter) {
        Watcher watcher = new Watcher(tenant, connectionId, response, vertx.getOrCreateContext());
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.write(": tailing " + connectionId + "\n\n");
        watchers.computeIfAbsent(connectionId, id -> new CopyOnWriteArraySet<>()).add(watcher);
        watcher.heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> watcher.send(": heartbeat\n\n"));
        response.closeHandler(v -> forget(watcher));
        response.exceptionHandler(err -> forget(watcher));
        if (resumeAfter != null) {
            history.after(tenant, connectionId, resumeAfter, 500)
                    .onSuccess(missed -> missed.forEach(watcher::push))
                    .onFailure(err -> LOG.warn("Live tail of {} could not replay from Last-Event-ID: {}", connectionId, err.toString()));
        }
    }

    int watching(String connectionId) {
        Set<Watcher> set = watchers.get(connectionId);
        return set == null ? 0 : set.size();
    }

    private void forget(Watcher watcher) {
        vertx.cancelTimer(watcher.heartbeat);
        Set<Watcher> set = watchers.get(watcher.connectionId);
        if (set != null) {
            set.remove(watcher);
            if (set.isEmpty()) {
                watchers.remove(watcher.connectionId, set);
            }
        }
    }

    /** Lines of {@code connectionId receivedAt recordId}; only watched connections are fetched. */
    private void onCommitted(String payload) {
        Map<String, List<String[]>> wanted = new LinkedHashMap<>();
        for (String line : payload.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && watchers.containsKey(parts[0])) {
                wanted.computeIfAbsent(parts[0], c -> new ArrayList<>()).add(parts);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        try {
            wanted.values().forEach(rows -> rows.forEach(parts -> {
                times.add(Instant.parse(parts[1]));
                ids.add(parts[2]);
            }));
        } catch (DateTimeParseException e) {
            LOG.warn("Ignoring a malformed {} notification", CHANNEL);
            return;
        }
        history.byRecords(ids, times).onSuccess(entries -> {
            for (HistoryStore.Entry entry : entries) {
                Set<Watcher> set = watchers.get(entry.connectionId());
                if (set != null) {
                    set.forEach(w -> w.push(entry));
                }
            }
        }).onFailure(err -> LOG.warn("Live tail fetch failed: {}", err.toString()));
    }

    /** One open stream. Writes happen on the stream's own context; each row is sent at most once. */
    private static final class Watcher {
        private static final int REMEMBERED = 2048;
        final Tenant tenant;
        final String connectionId;
        final HttpServerResponse response;
        final Context context;
        final Set<String> sent = new LinkedHashSet<>();
        long heartbeat = -1;

        Watcher(Tenant tenant, String connectionId, HttpServerResponse response, Context context) {
            this.tenant = tenant;
            this.connectionId = connectionId;
            this.response = response;
            this.context = context;
        }

        void push(HistoryStore.Entry entry) {
            if (!tenant.organisationId().equals(entry.organisationId())
                    || !tenant.environment().name().equals(entry.environment())) {
                return;
            }
            String id = new PageCursor(entry.receivedAt(), entry.recordId()).encode();
            context.runOnContext(v -> {
                if (!sent.add(entry.recordId())) {
                    return;
                }
                if (sent.size() > REMEMBERED) {
                    sent.remove(sent.iterator().next());
                }
                write("id: " + id + "\nevent: request\ndata: " + HistoryApi.json(entry).encode() + "\n\n");
            });
        }

        void send(String text) {
            context.runOnContext(v -> write(text));
        }

        private void write(String text) {
            if (!response.closed() && !response.ended()) {
                response.write(text);
            }
        }

        void close() {
            context.runOnContext(v -> {
                if (!response.closed() && !response.ended()) {
                    response.end();
                }
            });
        }
    }
}
