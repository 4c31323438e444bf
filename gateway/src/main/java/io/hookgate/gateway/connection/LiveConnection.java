package io.hookgate.gateway.connection;

import io.hookgate.gateway.verify.Verifier;

/** A connection ready for the hot path: its definition and the verifier built for it once, at load. */
public record LiveConnection(Connection definition, Verifier verifier) {
}
