package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/api-keys}: a key manages the keys of its own organisation and environment. A new key is
 * shown once, in the create response; lists show only its last four characters.
 */
final class ApiKeysApi {
    private final OrganisationStore organisations;

    ApiKeysApi(OrganisationStore organisations) {
        this.organisations = organisations;
    }

    void create(RoutingContext rc) {
        Tenant tenant = Tenant.of(rc);
        JsonObject body = rc.body().length() == 0 ? new JsonObject() : JsonFields.body(rc);
        String name = JsonFields.string(body, "name", "name");
        if (name != null && (name.isBlank() || name.length() > 100)) {
            throw ApiException.validation("name", "name must be 1-100 characters");
        }
        OrganisationStore.IssuedKey issued = organisations.issueKey(tenant.organisationId(), tenant.environment(), name).await();
        rc.response().setStatusCode(201).putHeader("content-type", "application/json").end(new JsonObject()
                .put("id", issued.id())
                .put("environment", tenant.environment().wireName())
                .put("name", name)
                .put("hint", issued.key().substring(issued.key().length() - 4))
                .put("key", issued.key())
                .toBuffer());
    }

    void list(RoutingContext rc) {
        Paging paging = Paging.of(rc);
        var fetched = organisations.listKeys(Tenant.of(rc), paging.cursor(), paging.limit() + 1).await();
        rc.json(paging.render(fetched, k -> new JsonObject()
                        .put("id", k.id())
                        .put("environment", k.environment().wireName())
                        .put("name", k.name())
                        .put("hint", k.hint())
                        .put("createdAt", k.createdAt().toString())
                        .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString())
                        .put("lastUsedAt", k.lastUsedAt() == null ? null : k.lastUsedAt().toString()),
                k -> new PageCursor(k.createdAt(), k.id())));
    }

    void revoke(RoutingContext rc) {
        if (!organisations.revokeKey(Tenant.of(rc), rc.pathParam("id")).await()) {
            throw ApiException.notFound("API key");
        }
        rc.response().setStatusCode(204).end();
    }
}
