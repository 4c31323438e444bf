package io.hookgate.model;

import java.util.Locale;

/**
 * How an inbound connection authenticates its sender. The lower-case name is the provider segment
 * accepted in provider-qualified ingest URLs ({@code /webhooks/{provider}/{connectionId}}); modes that are
 * not tied to one provider also answer to {@code generic}.
 */
public enum AuthMode {
    NONE(false, true),
    SHARED_SECRET(true, true);

    private final boolean needsSecret;
    private final boolean generic;

    AuthMode(boolean needsSecret, boolean generic) {
        this.needsSecret = needsSecret;
        this.generic = generic;
    }

    public boolean needsSecret() {
        return needsSecret;
    }

    public String urlSegment() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean acceptsUrlSegment(String segment) {
        String s = segment.toLowerCase(Locale.ROOT);
        return s.equals(urlSegment()) || (generic && s.equals("generic"));
    }
}
