package io.hookgate.deploy;

import io.hookgate.gateway.admin.OrganisationStore;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;

/**
 * The operator's command for an organisation's ingest quota (no API key may raise its own):
 * <pre>
 *   java -jar hookgate.jar organisation-rate-limit "Acme"           → {"organisationId", "rateLimitPerSecond"}
 *   java -jar hookgate.jar organisation-rate-limit "Acme" 5000      sets it
 *   java -jar hookgate.jar organisation-rate-limit "Acme" default   back to HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND
 * </pre>
 * {@code rateLimitPerSecond} null means the gateways' default. The quota is per gateway process.
 */
final class RateLimitCli {
    static final String COMMAND = "organisation-rate-limit";
    static final String USAGE = "usage: " + COMMAND + " ORGANISATION [1-1000000|default]";
    static final int MAX = 1_000_000;
    /** What {@link #parse} returns for {@code default}: clear the organisation's own quota. */
    static final int DEFAULT = 0;

    private RateLimitCli() {
    }

    /** What to set: absent = only show; {@link #DEFAULT} = clear; otherwise the quota. Null when invalid. */
    static Integer parse(String value) {
        if (value.equals("default")) {
            return DEFAULT;
        }
        try {
            int perSecond = Integer.parseInt(value);
            return perSecond >= 1 && perSecond <= MAX ? perSecond : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Shows or sets the quota; returns the process exit code. */
    static int run(OrganisationStore organisations, String name, Integer setting, PrintStream out, PrintStream err) {
        OrganisationStore.RateLimit limit = Cli.await(setting == null ? organisations.ingestRateLimit(name)
                : organisations.setIngestRateLimit(name, setting == DEFAULT ? null : setting));
        if (limit == null) {
            err.println("hookgate: no organisation named '" + name + "'");
            return 1;
        }
        out.println(new JsonObject().put("organisationId", limit.organisationId())
                .put("rateLimitPerSecond", limit.perSecond()).encode());
        return 0;
    }
}
