package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.AuthSettings;
import io.hookgate.gateway.connection.Connection;
import io.hookgate.gateway.connection.Credential;
import io.hookgate.model.AuthMode;
import io.hookgate.model.crypto.SecretBox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Chooses and builds the verifier of a connection when it is loaded, never per request: opens its sealed
 * secrets with the master key and hands the verifier every credential still inside its grace period.
 */
public final class Verifiers {
    private final SecretHasher hasher;
    private final SecretBox box;
    private final Clock clock;

    public Verifiers(SecretHasher hasher, SecretBox box, Clock clock) {
        this.hasher = hasher;
        this.box = box;
        this.clock = clock;
    }

    public Verifier forConnection(Connection connection) {
        List<Credential> signing = connection.activeCredentials(Credential.Purpose.SIGNING, clock.instant());
        return switch (connection.authMode()) {
            case NONE -> NoneVerifier.INSTANCE;
            case SHARED_SECRET -> new SharedSecretVerifier(
                    signing.stream().map(c -> new String(c.value(), StandardCharsets.UTF_8)).toList(), hasher);
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

    private Verifier fromSecrets(AuthMode mode, AuthSettings settings, List<String> secrets) {
        throw new IllegalArgumentException("auth.mode " + mode + " is not available yet");
    }
}
