package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.Credential;
import io.hookgate.model.AuthMode;
import io.hookgate.model.crypto.SecretBox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.List;

/**
 * Chooses and builds the verifier of a connection when it is loaded, never per request: opens its sealed
 * secrets with the master key and hands the verifier every credential still inside its grace period.
 */
public final class Verifiers {
    private final SecretHasher hasher;
    private final SecretBox box;
    private final Clock clock;
    private final Supplier<String> publicBaseUrl;

    /** @param publicBaseUrl the URL senders call, e.g. {@code https://hooks.example.com} (HubSpot v3 signs it) */
    public Verifiers(SecretHasher hasher, SecretBox box, Clock clock, Supplier<String> publicBaseUrl) {
        this.hasher = hasher;
        this.box = box;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    public Verifier forConnection(Connection connection) {
        List<Credential> signing = connection.activeCredentials(Credential.Purpose.SIGNING, clock.instant());
        return switch (connection.authMode()) {
            case NONE -> NoneVerifier.INSTANCE;
            case SHARED_SECRET -> new SharedSecretVerifier(
                    signing.stream().map(c -> new String(c.value(), StandardCharsets.UTF_8)).toList(), hasher);
            case URL_KEY -> new UrlKeyVerifier(signing.stream().map(Credential::value).toList());
            default -> fromSecrets(connection.authMode(), connection.authSettings(),
                    signing.stream().map(c -> box.openText(c.value(), connection.id())).toList());
        };
    }

    /**
     * Checks that these settings and plain secrets make a working verifier, by building it as
     * {@link #forConnection} would; the admin API refuses a connection that fails here.
     *
     * @throws IllegalArgumentException naming what is wrong with the settings or the secret
     */
    public void check(AuthMode mode, AuthSettings settings, List<String> secrets) {
        switch (mode) {
            case NONE -> {
            }
            case SHARED_SECRET, URL_KEY -> {
                if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
                    throw new IllegalArgumentException("auth.mode " + mode + " needs a non-empty secret");
                }
            }
            default -> fromSecrets(mode, settings, secrets);
        }
    }

    /** META's hub.verify_token, opened for the subscription handshake; null when the connection has none. */
    public String verifyToken(Connection connection) {
        return connection.activeCredentials(Credential.Purpose.VERIFY_TOKEN, clock.instant()).stream()
                .findFirst().map(c -> box.openText(c.value(), connection.id())).orElse(null);
    }

    /** The verifier of a mode that computes with plain secrets (every mode but NONE, SHARED_SECRET and URL_KEY). */
    public Verifier fromSecrets(AuthMode mode, AuthSettings settings, List<String> secrets) {
        Duration tolerance = Duration.ofSeconds(settings.toleranceOrDefault());
        return switch (mode) {
            case STRIPE -> new StripeVerifier(secrets, tolerance, clock);
            case SLACK -> new SlackVerifier(secrets, tolerance, clock);
            case SVIX -> new StandardWebhooksVerifier(secrets,
                    settings.publicKey() == null ? List.of() : List.of(settings.publicKey()), tolerance, clock);
            case PADDLE -> new PaddleVerifier(secrets, tolerance, clock);
            case REVOLUT -> new RevolutVerifier(secrets, tolerance, clock);
            case META -> new HmacVerifier(HmacPreset.META, secrets, null, true, clock, publicBaseUrl);
            case SERVICE_KEY -> new ServiceKeyVerifier(secrets);
            case JWT -> "RS256".equals(settings.algorithm()) ? JwtVerifier.rs256(settings.publicKey(), clock)
                    : jwtHs256(settings, secrets);
            case HMAC -> hmac(settings, secrets);
            case NONE, SHARED_SECRET, URL_KEY -> throw new IllegalStateException(mode + " is built from stored digests");
        };
    }

    private Verifier jwtHs256(AuthSettings settings, List<String> secrets) {
        if (settings.algorithm() != null && !"HS256".equals(settings.algorithm())) {
            throw new IllegalArgumentException("auth.algorithm for JWT is HS256 or RS256");
        }
        return JwtVerifier.hs256(secrets, clock);
    }

    private Verifier hmac(AuthSettings settings, List<String> secrets) {
        Duration tolerance = settings.toleranceSeconds() == null ? null : Duration.ofSeconds(settings.toleranceSeconds());
        Crypto.HmacAlgorithm algorithm = settings.algorithm() == null ? null : algorithm(settings.algorithm());
        if (settings.preset() != null) {
            if (settings.header() != null || settings.encoding() != null || settings.prefix() != null) {
                throw new IllegalArgumentException("auth.header, auth.encoding and auth.prefix are set by auth.preset");
            }
            return HmacPreset.parse(settings.preset()).verifier(secrets, algorithm, tolerance,
                    settings.signatureRequiredOrDefault(), clock, publicBaseUrl);
        }
        if (settings.header() == null || algorithm == null) {
            throw new IllegalArgumentException("generic HMAC needs auth.header and auth.algorithm (SHA1, SHA256 or SHA512), or an auth.preset");
        }
        HmacScheme.Encoding encoding;
        try {
            encoding = settings.encoding() == null ? HmacScheme.Encoding.HEX : HmacScheme.Encoding.valueOf(settings.encoding());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.encoding must be HEX or BASE64");
        }
        HmacScheme scheme = new HmacScheme(List.of(settings.header()), algorithm, encoding,
                settings.prefix() == null || settings.prefix().isEmpty() ? null : settings.prefix(), false, null,
                HmacScheme.Signed.BODY, null, null, null, null, null);
        return new HmacVerifier(scheme, secrets, tolerance, settings.signatureRequiredOrDefault(), clock, publicBaseUrl);
    }

    private static Crypto.HmacAlgorithm algorithm(String name) {
        try {
            return Crypto.HmacAlgorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.algorithm must be SHA1, SHA256 or SHA512");
        }
    }
}
