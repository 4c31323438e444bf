package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Endpoints' opened values, kept while their sealed values stay the same: an attempt then costs no AES-GCM
 * decryption and no HMAC key set-up. Every change (an edit, a secret rotation or its end) seals new values under a
 * fresh nonce, so a changed endpoint opens again on its next attempt. The process holds the master key that opens
 * every value in any case; this keeps at most {@code capacity} endpoints opened, dropping the least recently used.
 */
final class CredentialsCache {
    private final SecretBox box;
    private final Map<UUID, Opened> entries;

    private record Opened(DeliveryStore.Endpoint sealed, OutgoingRequest.Credentials credentials) {
        boolean sealedAs(DeliveryStore.Endpoint endpoint) {
            return Arrays.equals(sealed.sealedToken(), endpoint.sealedToken())
                    && Arrays.equals(sealed.sealedBasicAuth(), endpoint.sealedBasicAuth())
                    && Arrays.equals(sealed.sealedHeaders(), endpoint.sealedHeaders())
                    && sameArrays(sealed.sealedSecrets(), endpoint.sealedSecrets());
        }

        private static boolean sameArrays(List<byte[]> a, List<byte[]> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    CredentialsCache(SecretBox box, int capacity) {
        this.box = box;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Opened> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The endpoint's values opened, from the cache while its sealed values are those cached; a refusal is never kept. */
    OutgoingRequest.Credentials get(UUID endpointId, DeliveryStore.Endpoint endpoint) throws OutgoingRequest.Unreadable {
        Opened cached;
        synchronized (entries) {
            cached = entries.get(endpointId);
        }
        if (cached != null && cached.sealedAs(endpoint)) {
            return cached.credentials();
        }
        OutgoingRequest.Credentials opened = OutgoingRequest.Credentials.open(box, endpointId.toString(), endpoint);
        synchronized (entries) {
            entries.put(endpointId, new Opened(endpoint, opened));
        }
        return opened;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
