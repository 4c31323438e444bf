package io.hookgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the {@code hookgate_connections} channel (fed by triggers on connections, their credentials and
 * triggers) and evicts the changed connection from the cache; and on {@code hookgate_contacts} for the
 * synchronous contact lookups. Reconnects forever; while disconnected the cache
 * stops caching, so a pause or delete made meanwhile is still seen at once.
 */
public final class ConnectionChangeListener {
    public static final String CHANNEL = "hookgate_connections";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionChangeListener.class);
    private static final long RECONNECT_DELAY_MS = 500;

    private final PgSubscriber subscriber;
    private final ConnectionCache cache;
    private final ContactDirectory contacts;
    private volatile boolean stopping;

    public ConnectionChangeListener(Vertx vertx, PgConnectOptions options, ConnectionCache cache, ContactDirectory contacts) {
        this.cache = cache;
        this.contacts = contacts;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
        this.subscriber.closeHandler(v -> {
            cache.deaf();
            contacts.listening(false);
            if (!stopping) {
                LOG.warn("Lost the connection-change channel; caching suspended until it is back");
            }
        });
    }

    /** Completes once both channels are subscribed, i.e. from the moment changes are heard. */
    public Future<Void> start() {
        Promise<Void> subscribed = Promise.promise();
        Promise<Void> contactsSubscribed = Promise.promise();
        subscriber.channel(ContactDirectory.CHANNEL)
                .handler(contacts::invalidate)
                .subscribeHandler(v -> {
                    contacts.listening(true);
                    contactsSubscribed.tryComplete();
                });
        subscriber.channel(CHANNEL)
                .handler(cache::invalidate)
                .subscribeHandler(v -> {
                    cache.listening();
                    LOG.debug("Listening on {}", CHANNEL);
                    subscribed.tryComplete();
                });
        return subscriber.connect().compose(v -> Future.all(subscribed.future(), contactsSubscribed.future())).mapEmpty();
    }

    public Future<Void> stop() {
        stopping = true;
        return subscriber.close();
    }
}
