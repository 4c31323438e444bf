package io.hookgate.gateway.verify;

import io.vertx.core.Future;

import java.util.Set;

/**
 * Checks that a request comes from the connection's sender. One implementation per scheme, built once
 * when the connection is loaded. Implementations never log secrets, signatures or bodies.
 */
public interface Verifier {

    Future<Verification> verify(SignedRequest request);

    /** Lower-case names of the headers that carry credentials; they are removed before anything is stored. */
    default Set<String> credentialHeaders() {
        return Set.of();
    }

    /**
     * How a request carrying one of {@link #credentialHeaders()} more than once is refused: proxies disagree
     * on which copy counts, so neither does. Signature schemes say {@code invalid_signature}; schemes
     * whose header holds a secret or token override this with {@code invalid_credentials}.
     */
    default FailureReason duplicateCredentialReason() {
        return FailureReason.INVALID_SIGNATURE;
    }

    /** The provider's id of this event (stable across its retries), when a header carries one. */
    default String eventId(SignedRequest request) {
        return null;
    }

    /** A verifier whose check is pure CPU work on small inputs, cheap enough for the event loop. */
    interface Sync extends Verifier {
        Verification check(SignedRequest request);

        @Override
        default Future<Verification> verify(SignedRequest request) {
            return Future.succeededFuture(check(request));
        }
    }
}
