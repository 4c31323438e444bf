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
 * synchronous contact lookups. Reconnects forever; while disconnected the cache caches nothing new and serves
 * what it holds for its offline grace only, and it starts afresh once both channels are heard again, so a pause
 * or delete made meanwhile is seen within the grace at the latest.
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
    private volatile boolean connected;

    public ConnectionChangeListener(Vertx vertx, PgConnectOptions options, ConnectionCache cache, ContactDirectory contacts) {
        this.cache = cache;
        this.contacts = contacts;
        // The policy is asked on every drop and every failed reconnect; the close handler only once the subscriber gives
        // up or is closed. So a drop is noticed here, where it happens, not at the close that never comes while reconnecting.
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempt -> {
                    dropped();
                    return RECONNECT_DELAY_MS;
                });
        this.subscriber.closeHandler(v -> dropped());
    }

    /** Not hearing changes any more: the cache serves what it holds for its offline grace, and caches nothing new. */
    private void dropped() {
        heard.clear();
        cache.deaf();
        contacts.listening(false);
        if (!stopping && connected) {
            LOG.warn("Lost the connection-change channel; reconnecting, meanwhile cached connections are served for the offline grace only");
        }
        connected = false;
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
            if (!connected) {
                LOG.info("Listening for connection changes on {} and {}", CHANNEL, ORGANISATION_CHANNEL);
            }
            connected = true;
            subscribed.tryComplete();
        }
    }

    public Future<Void> stop() {
        stopping = true;
        return subscriber.close();
    }
}
