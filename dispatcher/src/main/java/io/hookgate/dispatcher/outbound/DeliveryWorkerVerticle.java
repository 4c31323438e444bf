package io.hookgate.dispatcher.outbound;

import io.hookgate.model.IdKind;
import io.hookgate.model.crypto.SecretBox;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.hookgate.model.net.Addresses;
import io.hookgate.model.net.IpAllowList;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and leased (their next attempt
 * pushed past the request timeout), so several workers share the work, none sends a delivery another is
 * sending, and a worker that dies loses nothing: the lease runs out and the delivery is tried again.
 * Each endpoint's deliveries go in at most {@code perEndpointConcurrency} lanes, so a slow endpoint cannot
 * starve the others. Virtual-thread verticle.
 */
public final class DeliveryWorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkerVerticle.class);
    private static final int BATCH = 64;
    private static final int EXCERPT = 1024;

    private static final String CLAIM = """
            UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $1), updated_at = now()
             WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
                           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, endpoint_id, organisation_id, environment, event_id, payload, attempts""";
    private static final String ENDPOINT = """
            SELECT e.url, e.auth_token, e.max_attempts, e.active AND e.deleted_at IS NULL AS usable, e.failing_since,
                   (SELECT array_agg(s.secret ORDER BY s.created_at DESC) FROM webhook_endpoint_secrets s
                     WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
              FROM webhook_endpoints e WHERE e.id = $1""";
    private static final String ATTEMPT = """
            INSERT INTO webhook_attempts (id, attempted_at, delivery_id, endpoint_id, attempt, request_headers, status,
                                          response_excerpt, latency_ms, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    private static final String DONE = "UPDATE webhook_deliveries SET status = $2, attempts = $3, updated_at = now() WHERE id = $1";
    private static final String AGAIN = """
            UPDATE webhook_deliveries SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
             WHERE id = $1""";
    private static final String HEALTHY = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL";
    private static final String FAILING = "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1";
    private static final String DISABLE = """
            UPDATE webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now()
             WHERE id = $1 AND active RETURNING organisation_id, environment, url""";

    private final DeliveryConfig config;
    private final Pool pool;
    private final SecretBox box;
    private final Clock clock;
    private final Promise<Void> stopped = Promise.promise();
    private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private HttpClientAgent client;

    public DeliveryWorkerVerticle(DeliveryConfig config, Pool pool, SecretBox box, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.box = box;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.requestTimeout().toMillis())
                .setIdleTimeout((int) config.requestTimeout().toSeconds() + 1)
                .setForceSni(true)
                .setKeepAlive(true));
        running = true;
        context.runOnContext(v -> loop());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        running = false;
        return stopped.future().timeout(config.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS).eventually(() -> client.close());
    }

    private void loop() {
        try {
            while (running) {
                try {
                    List<Row> due = new ArrayList<>();
                    pool.preparedQuery(CLAIM).execute(Tuple.of((double) config.requestTimeout().toSeconds() + 30, BATCH)).await()
                            .forEach(due::add);
                    if (due.isEmpty()) {
                        vertx.timer(200).await();
                        continue;
                    }
                    Future.join(lanes(due).stream().map(lane -> {
                        Promise<Void> done = Promise.promise();
                        context.runOnContext(v -> {
                            try {
                                lane.forEach(this::deliver);
                            } finally {
                                done.complete();
                            }
                        });
                        return done.future();
                    }).toList()).await();
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("Delivery round failed; leased deliveries are retried when their lease ends: {}", e.toString());
                        vertx.timer(1000).await();
                    }
                }
            }
        } finally {
            stopped.tryComplete();
        }
    }

    /** The claimed deliveries split so that each endpoint has at most {@code perEndpointConcurrency} lanes. */
    private List<List<Row>> lanes(List<Row> due) {
        Map<String, List<List<Row>>> byEndpoint = new LinkedHashMap<>();
        Map<String, Integer> next = new ConcurrentHashMap<>();
        for (Row row : due) {
            String endpoint = row.getUUID("endpoint_id").toString();
            List<List<Row>> lanes = byEndpoint.computeIfAbsent(endpoint, e -> new ArrayList<>());
            int index = next.merge(endpoint, 1, Integer::sum) - 1;
            if (lanes.size() < config.perEndpointConcurrency()) {
                lanes.add(new ArrayList<>());
            }
            lanes.get(index % lanes.size()).add(row);
        }
        List<List<Row>> out = new ArrayList<>();
        byEndpoint.values().forEach(out::addAll);
        return out;
    }

    private void deliver(Row delivery) {
        var deliveryId = delivery.getUUID("id");
        var endpointId = delivery.getUUID("endpoint_id");
        int attempt = delivery.getInteger("attempts") + 1;
        Row endpoint = pool.preparedQuery(ENDPOINT).execute(Tuple.of(endpointId)).await().iterator().next();
        if (!endpoint.getBoolean("usable")) {
            pool.preparedQuery(DONE).execute(Tuple.of(deliveryId, "FAILED", attempt - 1)).await();
            return;
        }
        int maxAttempts = config.maxAttempts(delivery.getString("environment"), endpoint.getInteger("max_attempts"));
        byte[] body = delivery.getBuffer("payload").getBytes();
        String messageId = "msg_" + deliveryId;
        long timestamp = clock.instant().getEpochSecond();
        List<String> secrets = new ArrayList<>();
        Buffer[] sealed = endpoint.getArrayOfBuffers("secrets");
        if (sealed != null) {
            for (Buffer s : sealed) {
                secrets.add(box.openText(s.getBytes(), endpointId.toString()));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Hookgate-Webhooks/1.0");
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signatures.header(secrets, messageId, timestamp, body));
        Buffer token = endpoint.getBuffer("auth_token");
        if (token != null) {
            headers.put("authorization", "Bearer " + box.openText(token.getBytes(), endpointId.toString()));
        }
        Outcome outcome = send(endpoint.getString("url"), headers, body);
        JsonObject masked = new JsonObject();
        headers.forEach((k, v) -> masked.put(k, k.equals("authorization") || k.equals("webhook-signature") ? "***" : v));
        Instant now = clock.instant();
        ensurePartition(now);
        pool.preparedQuery(ATTEMPT).execute(Tuple.tuple().addString(IdKind.RECORD.generate()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                .addUUID(deliveryId).addUUID(endpointId).addInteger(attempt).addJsonObject(masked).addInteger(outcome.status)
                .addString(outcome.excerpt).addInteger((int) outcome.latencyMs).addString(outcome.error)).await();
        settle(delivery, endpoint, endpointId, deliveryId, attempt, maxAttempts, outcome, now);
    }

    private void settle(Row delivery, Row endpoint, java.util.UUID endpointId, java.util.UUID deliveryId, int attempt, int maxAttempts,
                        Outcome outcome, Instant now) {
        if (outcome.succeeded()) {
            pool.preparedQuery(DONE).execute(Tuple.of(deliveryId, "SUCCEEDED", attempt)).await();
            pool.preparedQuery(HEALTHY).execute(Tuple.of(endpointId)).await();
            return;
        }
        pool.preparedQuery(FAILING).execute(Tuple.of(endpointId)).await();
        if (outcome.status != null && outcome.status == 410) {
            pool.preparedQuery(DONE).execute(Tuple.of(deliveryId, "FAILED", attempt)).await();
            disable(endpointId, "the endpoint answered 410 Gone");
            return;
        }
        var failingSince = endpoint.getOffsetDateTime("failing_since");
        if (failingSince != null && Duration.between(failingSince.toInstant(), now).compareTo(config.disableAfterFailingFor()) > 0) {
            pool.preparedQuery(DONE).execute(Tuple.of(deliveryId, "FAILED", attempt)).await();
            disable(endpointId, "failing continuously for " + config.disableAfterFailingFor().toDays() + " days");
            return;
        }
        if (outcome.retryable() && attempt < maxAttempts) {
            Duration wait = config.backoff(attempt, ThreadLocalRandom.current().nextDouble());
            if (outcome.retryAfter != null) {
                wait = outcome.retryAfter.compareTo(config.retryCap()) > 0 ? config.retryCap() : outcome.retryAfter;
            }
            pool.preparedQuery(AGAIN).execute(Tuple.of(deliveryId, attempt, wait.toMillis() / 1000.0)).await();
        } else {
            pool.preparedQuery(DONE).execute(Tuple.of(deliveryId, "FAILED", attempt)).await();
        }
    }

    private void disable(java.util.UUID endpointId, String reason) {
        var rows = pool.preparedQuery(DISABLE).execute(Tuple.of(endpointId, reason)).await();
        if (rows.size() == 1) {
            Row row = rows.iterator().next();
            OutboxMessage event = OutboxMessage.of(new PlatformEvent(IdKind.EVENT.generate(), "endpoint.disabled",
                    row.getString("organisation_id"), io.hookgate.model.Environment.valueOf(row.getString("environment")), clock.instant(),
                    new JsonObject().put("endpoint_id", endpointId.toString()).put("url", row.getString("url")).put("reason", reason)
                            .toBuffer().getBytes()));
            pool.preparedQuery(OutboxMessage.INSERT).execute(Tuple.of(event.topic(), event.key(), new JsonObject(event.headersJson()),
                    Buffer.buffer(event.payload()))).await();
            LOG.warn("Disabled webhook endpoint {}: {}", endpointId, reason);
        }
    }

    /** One POST to an address checked after DNS resolution; never follows redirects. */
    private Outcome send(String url, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        URI uri = URI.create(url);
        boolean https = "https".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress address;
        try {
            address = checkedAddress(uri.getHost());
        } catch (UnknownHostException e) {
            return Outcome.error("dns_failure", started, true);
        } catch (SecurityException e) {
            return Outcome.error("address_refused", started, false);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost()).setPort(port).setSsl(https)
                .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setFollowRedirects(false)
                .setIdleTimeout(config.requestTimeout().toMillis());
        headers.forEach(options::putHeader);
        try {
            var response = client.request(options).compose(req -> req.send(Buffer.buffer(body)))
                    .compose(resp -> resp.body().map(b -> new Object[]{resp.statusCode(), b, resp.getHeader("retry-after")}))
                    .timeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).await();
            int status = (Integer) response[0];
            Buffer responseBody = (Buffer) response[1];
            String excerpt = responseBody.length() == 0 ? null
                    : new String(responseBody.getBytes(0, Math.min(EXCERPT, responseBody.length())), StandardCharsets.UTF_8);
            return new Outcome(status, excerpt, null, (System.nanoTime() - started) / 1_000_000, retryAfter((String) response[2]),
                    status == 429 || status >= 500);
        } catch (RuntimeException e) {
            boolean timeout = e.getClass().getSimpleName().contains("Timeout") || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout");
            return Outcome.error(timeout ? "timeout" : "connection_error: " + e.getClass().getSimpleName(), started, true);
        }
    }

    /** The first address of the host, refused when none may be called (private, loopback, …) unless allow-listed. */
    private InetAddress checkedAddress(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            // An empty allow-list allows nothing here (IpAllowList's "anyone" is for inbound callers).
            boolean allowListed = config.allow() != IpAllowList.ANYONE && config.allow().allows(a.getHostAddress());
            if (!Addresses.isPublic(a) && !allowListed) {
                throw new SecurityException("refused");
            }
        }
        return all[0];
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void ensurePartition(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (knownDays.add(day)) {
            pool.preparedQuery("SELECT hookgate_ensure_day_partition('webhook_attempts', $1)").execute(Tuple.of(day)).await();
        }
    }

    /** What one attempt came to. */
    private record Outcome(Integer status, String excerpt, String error, long latencyMs, Duration retryAfter, boolean retryable) {
        static Outcome error(String error, long startedNanos, boolean retryable) {
            return new Outcome(null, null, error, (System.nanoTime() - startedNanos) / 1_000_000, null, retryable);
        }

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }
}
