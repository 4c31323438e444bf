package io.hookgate.gateway.connection;

import io.vertx.core.json.JsonObject;

/**
 * The non-secret part of a connection's authentication, stored as JSON. Which fields apply depends on the
 * mode: {@code preset}, {@code algorithm}, {@code header}, {@code encoding}, {@code prefix} and
 * {@code signatureRequired} for HMAC; {@code algorithm} and {@code publicKey} for JWT; {@code publicKey}
 * (Ed25519, for {@code v1a}) for Standard Webhooks; {@code toleranceSeconds} for timestamped schemes.
 */
public record AuthSettings(
        String preset,
        String algorithm,
        String header,
        String encoding,
        String prefix,
        Integer toleranceSeconds,
        Boolean signatureRequired,
        String publicKey) {

    public static final AuthSettings NONE = new AuthSettings(null, null, null, null, null, null, null, null);
    public static final int DEFAULT_TOLERANCE_SECONDS = 300;

    public int toleranceOrDefault() {
        return toleranceSeconds == null ? DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
    }

    public boolean signatureRequiredOrDefault() {
        return signatureRequired == null || signatureRequired;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        putIfSet(json, "preset", preset);
        putIfSet(json, "algorithm", algorithm);
        putIfSet(json, "header", header);
        putIfSet(json, "encoding", encoding);
        putIfSet(json, "prefix", prefix);
        putIfSet(json, "toleranceSeconds", toleranceSeconds);
        putIfSet(json, "signatureRequired", signatureRequired);
        putIfSet(json, "publicKey", publicKey);
        return json;
    }

    public static AuthSettings fromJson(JsonObject json) {
        if (json == null || json.isEmpty()) {
            return NONE;
        }
        return new AuthSettings(json.getString("preset"), json.getString("algorithm"), json.getString("header"),
                json.getString("encoding"), json.getString("prefix"), json.getInteger("toleranceSeconds"),
                json.getBoolean("signatureRequired"), json.getString("publicKey"));
    }

    private static void putIfSet(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
