package io.hookgate.gateway.ingest;

import io.hookgate.gateway.connection.Connection;
import io.hookgate.model.AuthMode;

import java.util.Locale;

/**
 * Which provider names a connection answers to in {@code /webhooks/{provider}/{connectionId}}: its auth
 * mode's name, {@code generic} for modes that are not one provider's, and an HMAC preset's name
 * ({@code github}, {@code shopify}, …).
 */
final class ProviderSegments {
    private ProviderSegments() {
    }

    static boolean accepts(Connection connection, String segment) {
        if (connection.authMode().acceptsUrlSegment(segment)) {
            return true;
        }
        String preset = connection.authSettings().preset();
        return connection.authMode() == AuthMode.HMAC && preset != null
                && preset.toLowerCase(Locale.ROOT).replace('_', '-').equals(segment.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
