package io.hookgate.gateway.admin;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.model.AuthMode;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code auth} object of a connection request, checked field by field: which settings a mode takes,
 * and the shape of each. Whether the settings make a working verifier is checked afterwards by building
 * it (the verifier classes are the single source of truth for their own rules).
 *
 * @param secret      the secret the caller chose, or null to have one generated (when the mode uses one)
 * @param verifyToken META's hub.verify_token, or null to have one generated
 */
record AuthRequest(AuthMode mode, String secret, String verifyToken, AuthSettings settings) {
    static final int MAX_SECRET = 4096;
    static final int MIN_CHOSEN_SECRET = 8;
    static final int MAX_TOLERANCE_SECONDS = 86_400;

    private static final Set<String> TIMESTAMPED = Set.of("toleranceSeconds");
    private static final Map<AuthMode, Set<String>> SETTINGS = new EnumMap<>(Map.ofEntries(
            Map.entry(AuthMode.NONE, Set.of()),
            Map.entry(AuthMode.SHARED_SECRET, Set.of()),
            Map.entry(AuthMode.URL_KEY, Set.of()),
            Map.entry(AuthMode.SERVICE_KEY, Set.of()),
            Map.entry(AuthMode.STRIPE, TIMESTAMPED),
            Map.entry(AuthMode.SLACK, TIMESTAMPED),
            Map.entry(AuthMode.PADDLE, TIMESTAMPED),
            Map.entry(AuthMode.REVOLUT, TIMESTAMPED),
            Map.entry(AuthMode.SVIX, Set.of("toleranceSeconds", "publicKey")),
            Map.entry(AuthMode.META, Set.of()),
            Map.entry(AuthMode.HMAC, Set.of("preset", "algorithm", "header", "encoding", "prefix", "toleranceSeconds", "signatureRequired")),
            Map.entry(AuthMode.JWT, Set.of("algorithm", "publicKey"))));

    static AuthRequest parse(JsonObject auth) {
        AuthMode mode = JsonFields.enumValue(auth, "mode", "auth.mode", AuthMode.class);
        if (mode == null) {
            throw ApiException.validation("auth.mode", "auth.mode is required");
        }
        for (String field : auth.fieldNames()) {
            if (!field.equals("mode") && !field.equals("secret") && !field.equals("verifyToken")
                    && !SETTINGS.get(mode).contains(field)) {
                throw ApiException.validation("auth." + field, "auth." + field + " does not apply to auth.mode " + mode);
            }
        }
        AuthSettings settings = new AuthSettings(
                upper(JsonFields.string(auth, "preset", "auth.preset")),
                upper(JsonFields.string(auth, "algorithm", "auth.algorithm")),
                header(JsonFields.string(auth, "header", "auth.header")),
                upper(JsonFields.string(auth, "encoding", "auth.encoding")),
                bounded(JsonFields.string(auth, "prefix", "auth.prefix"), "auth.prefix", 32),
                JsonFields.integer(auth, "toleranceSeconds", "auth.toleranceSeconds", 1, MAX_TOLERANCE_SECONDS),
                JsonFields.bool(auth, "signatureRequired", "auth.signatureRequired"),
                bounded(JsonFields.string(auth, "publicKey", "auth.publicKey"), "auth.publicKey", 8192));
        String secret = JsonFields.string(auth, "secret", "auth.secret");
        String verifyToken = JsonFields.string(auth, "verifyToken", "auth.verifyToken");
        boolean publicKeyJwt = mode == AuthMode.JWT && "RS256".equals(settings.algorithm());
        if (secret != null) {
            if (mode == AuthMode.NONE || mode == AuthMode.URL_KEY || publicKeyJwt) {
                throw ApiException.validation("auth.secret", "auth.mode " + mode
                        + (mode == AuthMode.URL_KEY ? " always generates its key" : publicKeyJwt ? " with RS256 verifies with auth.publicKey" : " takes no secret"));
            }
            int min = mode == AuthMode.SHARED_SECRET || mode == AuthMode.SERVICE_KEY ? MIN_CHOSEN_SECRET : 1;
            if (secret.isBlank() || secret.length() < min || secret.length() > MAX_SECRET) {
                throw ApiException.validation("auth.secret", "auth.secret must be " + min + "-" + MAX_SECRET
                        + " characters (omit it to have one generated)");
            }
        }
        if (verifyToken != null) {
            if (mode != AuthMode.META) {
                throw ApiException.validation("auth.verifyToken", "auth.verifyToken only applies to auth.mode META");
            }
            if (verifyToken.length() < MIN_CHOSEN_SECRET || verifyToken.length() > 256 || verifyToken.isBlank()) {
                throw ApiException.validation("auth.verifyToken", "auth.verifyToken must be 8-256 characters");
            }
        }
        if (publicKeyJwt && settings.publicKey() == null) {
            throw ApiException.validation("auth.publicKey", "auth.publicKey (PEM) is required for JWT with RS256");
        }
        return new AuthRequest(mode, secret, verifyToken, settings);
    }

    /** Whether this connection keeps a signing secret (generated when the request has none). */
    boolean usesSecret() {
        return mode != AuthMode.NONE && !(mode == AuthMode.JWT && "RS256".equals(settings.algorithm()));
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    private static String header(String value) {
        if (value == null) {
            return null;
        }
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
            throw ApiException.validation("auth.header", "auth.header must be an HTTP header name");
        }
        return name;
    }

    private static String bounded(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.validation(field, field + " must be at most " + max + " characters");
        }
        return value;
    }
}
