package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers of one attempt (Standard Webhooks id/timestamp/signature, the endpoint's auth and custom
 * headers) and the same headers masked for the attempt log. Sealed values are opened here, with the
 * endpoint id as context; a value that does not open is {@link Unreadable}.
 */
record OutgoingRequest(Map<String, String> headers, JsonObject masked) {
    /** Header names the platform sets itself; custom headers may not replace them. */
    static final Set<String> RESERVED = Set.of("content-type", "content-length", "host", "user-agent", "authorization",
            "webhook-id", "webhook-timestamp", "webhook-signature", "connection", "transfer-encoding", "te", "upgrade", "expect");
    private static final Set<String> SECRET_VALUED = Set.of("authorization", "webhook-signature");

    /** A sealed value of the endpoint does not open under this process's master key. */
    static final class Unreadable extends Exception {
        Unreadable(String what) {
            this(what, " does not open with this master key");
        }

        private Unreadable(String what, String why) {
            super(what + why, null, false, false);
        }

        static Unreadable malformed(String what) {
            return new Unreadable(what, " is malformed");
        }
    }

    /**
     * An endpoint's sealed values, opened (one AES-GCM decryption each): its signing keys as keyed HMACs
     * ({@link Signatures#keyed}), its custom headers and the value of its Authorization header (null without one).
     */
    record Credentials(List<Mac> signingKeys, Map<String, String> customHeaders, String authorization) {
        static Credentials open(SecretBox box, String endpointId, DeliveryStore.Endpoint endpoint) throws Unreadable {
            List<Mac> keys = new ArrayList<>();
            for (byte[] sealed : endpoint.sealedSecrets()) {
                String secret = OutgoingRequest.open(box, sealed, endpointId, "signing secret");
                try {
                    keys.add(Signatures.keyed(secret));
                } catch (IllegalArgumentException e) {
                    throw Unreadable.malformed("signing secret");
                }
            }
            if (keys.isEmpty()) {
                throw new Unreadable("no signing secret");
            }
            Map<String, String> custom = new LinkedHashMap<>();
            if (endpoint.sealedHeaders() != null) {
                new JsonObject(OutgoingRequest.open(box, endpoint.sealedHeaders(), endpointId, "custom headers"))
                        .forEach(e -> custom.put(e.getKey().toLowerCase(Locale.ROOT), String.valueOf(e.getValue())));
            }
            String authorization = null;
            if (endpoint.sealedToken() != null) {
                authorization = "Bearer " + OutgoingRequest.open(box, endpoint.sealedToken(), endpointId, "auth token");
            } else if (endpoint.sealedBasicAuth() != null) {
                JsonObject basic = new JsonObject(OutgoingRequest.open(box, endpoint.sealedBasicAuth(), endpointId, "basic auth"));
                String pair = basic.getString("username") + ":" + basic.getString("password");
                authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            }
            return new Credentials(List.copyOf(keys), Collections.unmodifiableMap(custom), authorization);
        }
    }

    static OutgoingRequest build(Credentials credentials, String messageId, long timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>(credentials.customHeaders());
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Hookgate-Webhooks/1.0");
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signatures.header(credentials.signingKeys(), messageId, timestamp, body));
        if (credentials.authorization() != null) {
            headers.put("authorization", credentials.authorization());
        }
        JsonObject masked = new JsonObject();
        headers.forEach((name, value) -> masked.put(name, SECRET_VALUED.contains(name) || !RESERVED.contains(name) && !name.startsWith("webhook-")
                ? mask(name, value) : value));
        return new OutgoingRequest(headers, masked);
    }

    /** Keeps the scheme of an Authorization header ("Bearer ***") and nothing of any secret value. */
    private static String mask(String name, String value) {
        if (name.equals("authorization")) {
            int space = value.indexOf(' ');
            return (space > 0 ? value.substring(0, space + 1) : "") + "***";
        }
        return "***";
    }

    private static String open(SecretBox box, byte[] sealed, String endpointId, String what) throws Unreadable {
        try {
            return box.openText(sealed, endpointId);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(what);
        }
    }
}
