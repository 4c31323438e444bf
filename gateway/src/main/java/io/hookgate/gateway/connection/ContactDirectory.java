package io.hookgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Contact lookups for connections that resolve contacts synchronously (before the 202). Answers —
 * including "no such contact" — are cached per organisation+environment until a contact of that tenant
 * changes (Postgres NOTIFY on {@code hookgate_contacts}), and bounded in size.
 */
public final class ContactDirectory {
    public static final String CHANNEL = "hookgate_contacts";
    private static final int MAX_PER_TENANT = 50_000;
    private static final Map<String, String> COLUMN = Map.of("EMAIL", "email", "PHONE", "phone", "CHAT_ID", "chat_id");

    private final Pool pool;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Optional<String>>> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    public ContactDirectory(Pool pool) {
        this.pool = pool;
    }

    /** The contact id for a normalised identifier value, if there is a contact. */
    public Future<Optional<String>> find(String organisationId, String environment, String type, String channel, String value) {
        String tenant = organisationId + ":" + environment;
        String key = type + "\u0000" + (channel == null ? "" : channel) + "\u0000" + value;
        ConcurrentHashMap<String, Optional<String>> cache = byTenant.get(tenant);
        Optional<String> hit = cache == null ? null : cache.get(key);
        if (hit != null) {
            return Future.succeededFuture(hit);
        }
        long started = generation.get();
        String sql;
        Tuple params;
        if ("CHANNEL_USER_ID".equals(type)) {
            sql = "SELECT contact_id FROM contact_channel_ids WHERE organisation_id = $1 AND environment = $2 AND channel = $3 AND user_id = $4";
            params = Tuple.of(organisationId, environment, channel, value);
        } else {
            sql = "SELECT id AS contact_id FROM contacts WHERE organisation_id = $1 AND environment = $2 AND " + COLUMN.get(type) + " = $3";
            params = Tuple.of(organisationId, environment, value);
        }
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            Optional<String> found = rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("contact_id"));
            if (listening && generation.get() == started) {
                ConcurrentHashMap<String, Optional<String>> entries = byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
                if (entries.size() >= MAX_PER_TENANT) {
                    entries.clear();
                }
                entries.put(key, found);
            }
            return found;
        });
    }

    /** A contact of this tenant ({@code org:env}) changed. */
    public void invalidate(String tenant) {
        generation.incrementAndGet();
        byTenant.remove(tenant);
    }

    public void listening(boolean on) {
        generation.incrementAndGet();
        byTenant.clear();
        listening = on;
    }
}
