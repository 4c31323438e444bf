package io.hookgate.gateway.verify;

import io.vertx.core.MultiMap;

import java.util.Objects;

/**
 * What a verifier may look at: the request line, the headers (case-insensitive), the query and the raw
 * body bytes exactly as received. Nothing here has been parsed or normalised.
 *
 * @param method HTTP method, upper case
 * @param uri    path and query as sent on the request line (HubSpot v3 signs it)
 */
public record SignedRequest(String method, String uri, MultiMap headers, MultiMap query, byte[] body) {
    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
    }

    public String header(String name) {
        return headers.get(name);
    }
}
