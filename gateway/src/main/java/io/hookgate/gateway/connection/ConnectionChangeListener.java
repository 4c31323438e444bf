package io.hookgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the {@code hookgate_connections} channel (fed by a trigger on every change of the table)
 * and evicts the changed connection from the cache. Reconnects forever; while disconnected the cache
 * stops caching, so a pause or delete made meanwhile is still seen at once.
 */
public final class ConnectionChangeListener {
    public static final String CHANNEL = "hookgate_connections";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionChangeListener.class);
    private static final long RECONNECT_DELAY_MS = 500;

    private final PgSubscriber subscriber;
    private final ConnectionCache cache;
    private volatile boolean stopping;

    public ConnectionChangeListener(Vertx vertx, PgConnectOptions options, ConnectionCache cache) {
        this.cache = cache;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
        this.subscriber.closeHandler(v -> {
            cache.deaf();
            if (!stopping) {
                LOG.warn("Lost the connection-change channel; caching suspended until it is back");
            }
        });
    }

    /** Completes once the channel is subscribed, i.e. from the moment changes are heard. */
    public Future<Void> start() {
        Promise<Void> subscribed = Promise.promise();
        subscriber.channel(CHANNEL)
                .handler(cache::invalidate)
                .subscribeHandler(v -> {
                    cache.listening();
                    LOG.debug("Listening on {}", CHANNEL);
                    subscribed.tryComplete();
                });
        return subscriber.connect().compose(v -> subscribed.future());
    }

    public Future<Void> stop() {
        stopping = true;
        return subscriber.close();
    }
}
