package io.hookgate.gateway.verify;

import io.hookgate.gateway.connection.Connection;

/** Chooses and builds the verifier of a connection when it is loaded, never per request. */
public final class Verifiers {
    private final SecretHasher hasher;

    public Verifiers(SecretHasher hasher) {
        this.hasher = hasher;
    }

    public Verifier forConnection(Connection connection) {
        return switch (connection.authMode()) {
            case NONE -> NoneVerifier.INSTANCE;
            case SHARED_SECRET -> new SharedSecretVerifier(connection.secretHash(), hasher);
        };
    }
}
