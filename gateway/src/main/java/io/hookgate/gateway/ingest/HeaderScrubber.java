package io.hookgate.gateway.ingest;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies request headers for storage and publication without anything that proves identity:
 * credentials, cookies and every provider's signature header.
 */
final class HeaderScrubber {
    static final Set<String> ALWAYS_REMOVED = Set.of(
            "authorization", "proxy-authorization", "cookie", "x-webhook-secret", "key", "x-api-key",
            "stripe-signature", "x-slack-signature", "webhook-signature", "svix-signature",
            "paddle-signature", "revolut-signature", "x-hub-signature", "x-hub-signature-256",
            "x-shopify-hmac-sha256", "shopify-hmac-sha256", "x-paystack-signature", "x-razorpay-signature",
            "x-pagerduty-signature", "x-zendesk-webhook-signature", "x-hubspot-signature",
            "x-hubspot-signature-v3", "linear-signature", "x-vercel-signature", "x-webhook-signature",
            "x-signature-ed25519", "x-twilio-signature", "x-zm-signature", "x-spark-signature");

    private HeaderScrubber() {
    }

    static Map<String, List<String>> scrub(MultiMap headers, Set<String> alsoRemove) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!ALWAYS_REMOVED.contains(name) && !alsoRemove.contains(name)) {
                out.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.getValue());
            }
        }
        return out;
    }
}
