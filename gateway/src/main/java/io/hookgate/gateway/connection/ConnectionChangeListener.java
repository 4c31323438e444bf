package io.hookgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens on the {@code hookgate_connections} channel (fed by triggers on connections, their credentials and
 * triggers) and evicts the changed connection from the cache; on {@code hookgate_organisations} (an organisation's
 * ingest quota) and evicts that organisation's connections; and on {@code hookgate_contacts} for the
 * synchronous contact lookups. Reconnects forever; while disconnected the cache
 * stops caching, so a pause or delete made meanwhile is still seen at once.
 */
public final class ConnectionChangeListener {
    public static final String CHANNEL = "hookgate_connections";
    /** Organisation ids whose ingest quota changed (migration V8). */
    public static final String ORGANISATION_CHANNEL = "hookgate_organisations";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionChangeListener.class);
    private static final long RECONNECT_DELAY_MS = 500;

    private final PgSubscriber subscriber;
    private final ConnectionCache cache;
    private final ContactDirectory contacts;
    /** The cache's channels subscribed since the last (re)connect: it caches again only once it hears both. */
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public ConnectionChangeListener(Vertx vertx, PgConnectOptions options, ConnectionCache cache, ContactDirectory contacts) {
        this.cache = cache;
        this.contacts = contacts;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
        this.subscriber.closeHandler(v -> {
            heard.clear();
            cache.deaf();
            contacts.listening(false);
            if (!stopping) {
                LOG.warn("Lost the connection-change channel; caching suspended until it is back");
            }
        });
    }

    /** Completes once every channel is subscribed, i.e. from the moment changes are heard. */
    public Future<Void> start() {
        Promise<Void> subscribed = Promise.promise();
        Promise<Void> contactsSubscribed = Promise.promise();
        subscriber.channel(ORGANISATION_CHANNEL)
                .handler(cache::invalidateOrganisation)
                .subscribeHandler(v -> cacheChannelHeard(ORGANISATION_CHANNEL, subscribed));
        subscriber.channel(ContactDirectory.CHANNEL)
                .handler(contacts::invalidate)
                .subscribeHandler(v -> {
                    contacts.listening(true);
                    contactsSubscribed.tryComplete();
                });
        subscriber.channel(CHANNEL)
                .handler(cache::invalidate)
                .subscribeHandler(v -> cacheChannelHeard(CHANNEL, subscribed));
        return subscriber.connect().compose(v -> Future.all(subscribed.future(), contactsSubscribed.future())).mapEmpty();
    }

    private void cacheChannelHeard(String channel, Promise<Void> subscribed) {
        heard.add(channel);
        if (heard.contains(CHANNEL) && heard.contains(ORGANISATION_CHANNEL)) {
            cache.listening();
            LOG.debug("Listening on {} and {}", CHANNEL, ORGANISATION_CHANNEL);
            subscribed.tryComplete();
        }
    }

    public Future<Void> stop() {
        stopping = true;
        return subscriber.close();
    }
}
