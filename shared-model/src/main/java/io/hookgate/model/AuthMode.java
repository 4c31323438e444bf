package io.hookgate.model;

import java.util.Locale;

/**
 * How an inbound connection authenticates its sender. The lower-case name is the provider segment
 * accepted in provider-qualified ingest URLs ({@code /webhooks/{provider}/{connectionId}}); modes that
 * are not one provider's scheme also answer to {@code generic}.
 */
public enum AuthMode {
    NONE(true),
    SHARED_SECRET(true),
    URL_KEY(true),
    STRIPE(false),
    SLACK(false),
    SVIX(false),
    PADDLE(false),
    REVOLUT(false),
    META(false),
    HMAC(true),
    SERVICE_KEY(true),
    JWT(true);

    private final boolean generic;

    AuthMode(boolean generic) {
        this.generic = generic;
    }

    public String urlSegment() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code segment} (case-insensitive) names this mode: its own name, or {@code generic} for generic modes. */
    public boolean acceptsUrlSegment(String segment) {
        String s = segment.toLowerCase(Locale.ROOT);
        return s.equals(urlSegment()) || (generic && s.equals("generic"));
    }
}
