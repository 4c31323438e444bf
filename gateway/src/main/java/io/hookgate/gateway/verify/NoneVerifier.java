package io.hookgate.gateway.verify;

/** {@code auth.mode = NONE}: anyone who knows the URL may post. Listed as unauthenticated. */
public final class NoneVerifier implements Verifier.Sync {
    public static final NoneVerifier INSTANCE = new NoneVerifier();

    private NoneVerifier() {
    }

    @Override
    public Verification check(SignedRequest request) {
        return Verification.ok();
    }
}
