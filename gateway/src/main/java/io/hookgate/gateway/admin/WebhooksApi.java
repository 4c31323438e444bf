package io.hookgate.gateway.admin;

import io.hookgate.model.IdKind;
import io.hookgate.model.crypto.SecretBox;
import io.hookgate.model.event.OutboxMessage;
import io.hookgate.model.event.PlatformEvent;
import io.hookgate.model.net.IpAllowList;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks} (snake_case, as this resource's callers expect), deliveries and
 * {@code POST /api/v1/events}. Secrets are {@code whsec_} + base64 of 32 random bytes, sealed at rest and
 * shown once; auth tokens are sealed and only reported as configured.
 */
final class WebhooksApi {
    static final Set<String> KNOWN_EVENTS = Set.of("contact.created", "message.outbound.created", "flow.started",
            "flow.completed", "flow.failed", "endpoint.disabled");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_GRACE_SECONDS = 7 * 86_400;
    private static final int MAX_HEADERS = 20;
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    /** Headers every delivery sets itself (the dispatcher's OutgoingRequest.RESERVED). */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "user-agent", "authorization",
            "connection", "transfer-encoding", "te", "upgrade", "expect", "keep-alive", "proxy-authorization", "trailer");

    private final WebhookStore store;
    private final Pool pool;
    private final SecretBox box;
    private final IpAllowList outboundAllow;
    private final Clock clock;

    WebhooksApi(WebhookStore store, Pool pool, SecretBox box, IpAllowList outboundAllow, Clock clock) {
        this.store = store;
        this.pool = pool;
        this.box = box;
        this.outboundAllow = outboundAllow;
        this.clock = clock;
    }

    void create(RoutingContext rc) {
        JsonObject body = JsonFields.body(rc);
        String url = url(JsonFields.requiredString(body, "url", "url"));
        List<String> events = events(body, true);
        String description = description(body);
        Boolean active = JsonFields.bool(body, "active", "active");
        String token = token(body);
        JsonObject basic = basicAuth(body, token != null);
        JsonObject headers = customHeaders(body);
        Integer maxRetries = JsonFields.integer(body, "max_retries", "max_retries", 0, 20);
        UUID id = UUID.randomUUID();
        String secret = secret();
        JsonObject created = store.create(Tenant.of(rc), id, url, description, events, active == null || active,
                new WebhookStore.Auth(seal(token, id), seal(basic, id), seal(headers, id), names(headers)),
                maxRetries == null ? null : maxRetries + 1, box.seal(secret, id.toString())).await();
        rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(created.put("secret", secret).toBuffer());
    }

    void list(RoutingContext rc) {
        Paging paging = Paging.of(rc);
        rc.json(paging.render(store.list(Tenant.of(rc), paging.cursor(), paging.limit() + 1).await(),
                WebhookStore.Item::json, WebhookStore.Item::position));
    }

    void get(RoutingContext rc) {
        rc.json(visible(rc));
    }

    void update(RoutingContext rc) {
        JsonObject current = visible(rc);
        JsonObject body = JsonFields.body(rc);
        for (String field : body.fieldNames()) {
            if (!Set.of("url", "events", "description", "active", "auth_token", "basic_auth", "headers", "max_retries").contains(field)) {
                throw ApiException.validation(field, field + " cannot be changed");
            }
        }
        String url = body.containsKey("url") ? url(JsonFields.requiredString(body, "url", "url")) : current.getString("url");
        List<String> events = body.containsKey("events") ? events(body, true)
                : current.getJsonArray("events").stream().map(String.class::cast).toList();
        String description = body.containsKey("description") ? description(body) : current.getString("description");
        Boolean active = body.containsKey("active") ? JsonFields.bool(body, "active", "active") : current.getBoolean("active");
        boolean setToken = body.containsKey("auth_token");
        String token = setToken ? token(body) : null;
        boolean setBasic = body.containsKey("basic_auth");
        JsonObject basic = setBasic ? basicAuth(body, token != null || !setToken && current.getBoolean("auth_token_configured")) : null;
        if (token != null && !setBasic && current.getBoolean("basic_auth_configured")) {
            throw ApiException.unprocessable("auth_token", "remove basic_auth (null) to use a Bearer auth_token instead");
        }
        boolean setHeaders = body.containsKey("headers");
        JsonObject headers = setHeaders ? customHeaders(body) : null;
        Integer maxRetries = body.containsKey("max_retries") ? JsonFields.integer(body, "max_retries", "max_retries", 0, 20)
                : current.getInteger("max_retries");
        UUID id = UUID.fromString(current.getString("id"));
        store.update(Tenant.of(rc), id, url, description, events, active == null || active,
                new WebhookStore.AuthChange(setToken, seal(token, id), setBasic, seal(basic, id), setHeaders, seal(headers, id), names(headers)),
                maxRetries == null ? null : maxRetries + 1).await();
        rc.json(visible(rc));
    }

    void delete(RoutingContext rc) {
        if (!store.delete(Tenant.of(rc), uuid(rc.pathParam("id"))).await()) {
            throw ApiException.notFound("Webhook");
        }
        rc.response().setStatusCode(204).end();
    }

    void rotate(RoutingContext rc) {
        JsonObject endpoint = visible(rc);
        JsonObject body = rc.body().length() == 0 ? new JsonObject() : JsonFields.body(rc);
        Integer grace = JsonFields.integer(body, "grace_seconds", "grace_seconds", 0, MAX_GRACE_SECONDS);
        String secret = secret();
        Instant graceUntil = clock.instant().plusSeconds(grace == null ? 0 : grace);
        store.rotate(UUID.fromString(endpoint.getString("id")), box.seal(secret, endpoint.getString("id")), graceUntil).await();
        rc.json(new JsonObject().put("secret", secret).put("previous_valid_until", graceUntil.toString()));
    }

    void deliveries(RoutingContext rc) {
        JsonObject endpoint = visible(rc);
        Paging paging = Paging.of(rc);
        rc.json(paging.render(store.attempts(UUID.fromString(endpoint.getString("id")), paging.cursor(), paging.limit() + 1).await(),
                WebhookStore.Item::json, WebhookStore.Item::position));
    }

    void retry(RoutingContext rc) {
        switch (store.retry(Tenant.of(rc), uuid(rc.pathParam("id"))).await()) {
            case NOT_FOUND -> throw ApiException.notFound("Delivery");
            case NOT_FAILED -> throw ApiException.conflict("status", "only a failed delivery can be retried");
            case ENDPOINT_INACTIVE -> throw ApiException.conflict("active", "the endpoint is disabled; enable it before retrying");
            case QUEUED -> { }
        }
        rc.response().setStatusCode(202).putHeader("content-type", "application/json").end(new JsonObject().put("status", "PENDING").toBuffer());
    }

    /** {@code POST /api/v1/events {"type","data"}}: through the outbox to {@code hookgate.events}, then to subscribers. */
    void publish(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        JsonObject body = JsonFields.body(rc);
        String type = JsonFields.requiredString(body, "type", "type");
        if (!KNOWN_EVENTS.contains(type) && !(type.startsWith("flow.") && PlatformEvent.TYPE.matcher(type).matches())) {
            throw ApiException.validation("type", "type must be a known event or flow.<name> (lower case, digits, _)");
        }
        JsonObject data = JsonFields.object(body, "data", "data");
        String id = IdKind.EVENT.generate();
        OutboxMessage message = OutboxMessage.of(new PlatformEvent(id, type, tenant.organisationId(), tenant.environment(),
                clock.instant(), (data == null ? new JsonObject() : data).toBuffer().getBytes()));
        pool.preparedQuery(OutboxMessage.INSERT).execute(Tuple.of(message.topic(), message.key(), new JsonObject(message.headersJson()),
                Buffer.buffer(message.payload()))).await();
        rc.response().setStatusCode(202).putHeader("content-type", "application/json")
                .end(new JsonObject().put("id", id).put("type", type).toBuffer());
    }

    private JsonObject visible(RoutingContext rc) {
        return store.find(Tenant.of(rc), uuid(rc.pathParam("id"))).await().orElseThrow(() -> ApiException.notFound("Webhook"));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Webhook");
        }
    }

    private String url(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw ApiException.validation("url", "url is not a URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || raw.length() > 2048) {
            throw ApiException.validation("url", "url needs a host (and no credentials in it), at most 2048 characters");
        }
        boolean allowListed = outboundAllow != IpAllowList.ANYONE && outboundAllow.allows(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && allowListed)) {
            throw ApiException.validation("url", "url must be https (http only for allow-listed hosts)");
        }
        return uri.toString();
    }

    private static List<String> events(JsonObject body, boolean required) {
        JsonArray array = JsonFields.array(body, "events", "events");
        if (array == null || array.isEmpty()) {
            throw ApiException.validation("events", "events needs at least one event type");
        }
        List<String> out = new ArrayList<>();
        for (Object e : array) {
            if (!(e instanceof String type) || !(KNOWN_EVENTS.contains(type) || type.equals("flow.*")
                    || (type.startsWith("flow.") && PlatformEvent.TYPE.matcher(type).matches()))) {
                throw ApiException.validation("events", "events are known types, flow.<name> or flow.*; '" + e + "' is not");
            }
            if (!out.contains(type)) {
                out.add(type);
            }
        }
        return out;
    }

    private static String description(JsonObject body) {
        String description = JsonFields.string(body, "description", "description");
        if (description != null && description.length() > 256) {
            throw ApiException.validation("description", "description must be at most 256 characters");
        }
        return description;
    }

    private static String token(JsonObject body) {
        String token = JsonFields.string(body, "auth_token", "auth_token");
        if (token != null && (token.isBlank() || token.length() > 1024)) {
            throw ApiException.validation("auth_token", "auth_token must be 1-1024 characters");
        }
        return token;
    }

    /**
     * {@code basic_auth: {"username","password"}} (or null to remove it), sent as {@code Authorization: Basic};
     * an endpoint authenticates with either a Bearer token or Basic credentials, not both.
     */
    private static JsonObject basicAuth(JsonObject body, boolean hasToken) {
        if (body.getValue("basic_auth") == null) {
            return null;
        }
        JsonObject basic = JsonFields.object(body, "basic_auth", "basic_auth");
        if (hasToken) {
            throw ApiException.unprocessable("basic_auth", "an endpoint uses auth_token or basic_auth, not both");
        }
        String username = basic.getValue("username") instanceof String u ? u : null;
        String password = basic.getValue("password") instanceof String p ? p : null;
        if (username == null || username.isEmpty() || username.length() > 256 || username.contains(":") || hasControl(username)) {
            throw ApiException.validation("basic_auth", "basic_auth.username must be 1-256 characters, without ':' or control characters");
        }
        if (password == null || password.isEmpty() || password.length() > 1024 || hasControl(password)) {
            throw ApiException.validation("basic_auth", "basic_auth.password must be 1-1024 characters, without control characters");
        }
        if (basic.size() != 2) {
            throw ApiException.validation("basic_auth", "basic_auth has only username and password");
        }
        return new JsonObject().put("username", username).put("password", password);
    }

    /** {@code headers: {"X-Name": "value"}} (or null to remove them): up to 20, sent on every delivery; values sealed at rest. */
    private static JsonObject customHeaders(JsonObject body) {
        if (body.getValue("headers") == null) {
            return null;
        }
        JsonObject headers = JsonFields.object(body, "headers", "headers");
        if (headers.size() > MAX_HEADERS) {
            throw ApiException.validation("headers", "at most " + MAX_HEADERS + " custom headers");
        }
        JsonObject out = new JsonObject();
        for (String name : headers.fieldNames()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!HEADER_NAME.matcher(name).matches()) {
                throw ApiException.validation("headers", "'" + name + "' is not a header name (letters, digits and - only, at most 64)");
            }
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("webhook-")) {
                throw ApiException.validation("headers", "'" + name + "' is set by Hookgate itself and cannot be overridden");
            }
            if (out.containsKey(lower)) {
                throw ApiException.validation("headers", "'" + name + "' is given twice");
            }
            if (!(headers.getValue(name) instanceof String value) || value.length() > 1024 || hasControl(value)) {
                throw ApiException.validation("headers", "the value of '" + name + "' must be a string of at most 1024 characters without control characters");
            }
            out.put(lower, value);
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static List<String> names(JsonObject headers) {
        return headers == null ? List.of() : List.copyOf(headers.fieldNames());
    }

    private byte[] seal(String value, UUID id) {
        return value == null ? null : box.seal(value, id.toString());
    }

    private byte[] seal(JsonObject value, UUID id) {
        return value == null ? null : box.seal(value.encode(), id.toString());
    }

    private static String secret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
