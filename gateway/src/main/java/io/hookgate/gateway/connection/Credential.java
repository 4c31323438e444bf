package io.hookgate.gateway.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored credential of a connection. {@code value} is a bcrypt hash (BCRYPT), a SHA-256 digest
 * (SHA256) or an AES-GCM sealed secret (SEALED) — never the plain secret. A credential with
 * {@code expiresAt} is an old one kept for a rotation grace period.
 */
public record Credential(String id, Purpose purpose, Kind kind, byte[] value, Instant createdAt, Instant expiresAt) {

    public enum Purpose {
        /** What the sender signs with or presents. */
        SIGNING,
        /** Meta's hub.verify_token for the subscription handshake. */
        VERIFY_TOKEN
    }

    public enum Kind {
        BCRYPT,
        SHA256,
        SEALED
    }

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "Credential[" + id + ", " + purpose + ", " + kind + ", expiresAt=" + expiresAt + "]";
    }
}
