package io.hookgate.gateway.semantics;

/**
 * The caller's address: the socket peer, or — behind {@code trustedHops} proxies that append to
 * {@code X-Forwarded-For} — the entry that many places from the right. With no trusted proxies the header is
 * ignored, since anyone can send it.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    /**
     * As {@link #of(String, String, int)} over every {@code X-Forwarded-For} line in order: a proxy that adds
     * its own line instead of appending to the client's must not leave the client's line to be believed.
     */
    public static String ofLines(String peer, java.util.List<String> forwardedForLines, int trustedHops) {
        return of(peer, forwardedForLines.isEmpty() ? null : String.join(",", forwardedForLines), trustedHops);
    }

    public static String of(String peer, String forwardedFor, int trustedHops) {
        if (trustedHops <= 0 || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",", -1); // keep empty entries: "," is two empty hops, not none
        int index = hops.length - trustedHops;
        return index >= 0 ? hops[index].trim() : hops[0].trim();
    }
}
