package io.hookgate.gateway.admin;

import io.hookgate.model.Environment;
import io.vertx.ext.web.RoutingContext;

/** The organisation and environment an API key acts for. Every query of the admin API is scoped by it. */
public record Tenant(String organisationId, Environment environment) {
    private static final String KEY = "hookgate.tenant";

    void attach(RoutingContext rc) {
        rc.put(KEY, this);
    }

    public static Tenant of(RoutingContext rc) {
        Tenant tenant = rc.get(KEY);
        if (tenant == null) {
            throw new IllegalStateException("route is not behind ApiKeyAuthHandler");
        }
        return tenant;
    }
}
