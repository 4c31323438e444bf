package io.hookgate.gateway.verify;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.hookgate.model.concurrent.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bcrypt for shared secrets, always on a worker executor, with a bounded cache of verified digests so
 * that the hot path pays bcrypt once per (hash, presented secret) rather than once per request.
 *
 * <p>The cache key is SHA-256 over the stored hash and the presented secret: it holds no secret, and a
 * new hash (rotation) can never match an old entry. Failed checks are cached too, so a flood of forged
 * secrets cannot turn into a flood of bcrypt work. Concurrent first checks of one (hash, secret) share a
 * single bcrypt run: a provider's burst on a cold cache costs one bcrypt, not one per request. At its bound
 * the cache drops an arbitrary eighth of its entries rather than all of them.
 */
public final class SecretHasher {
    static final int COST = 10;
    private static final int MAX_BCRYPT_INPUT = 72;

    private final WorkerExecutor executor;
    private final int maxEntries;
    private final Map<Digest, Boolean> verified = new ConcurrentHashMap<>();
    private final Map<Digest, Future<Boolean>> running = new ConcurrentHashMap<>();
    private final AtomicLong bcryptRuns = new AtomicLong();

    public SecretHasher(WorkerExecutor executor, int maxEntries) {
        this.executor = executor;
        this.maxEntries = maxEntries;
    }

    public Future<String> hash(String secret) {
        return executor.executeBlocking(() -> hashNow(secret), false);
    }

    /** bcrypt of a secret; blocking, for callers already off the event loop. */
    public static String hashNow(String secret) {
        return BCrypt.withDefaults().hashToString(COST, bcryptInput(secret));
    }

    public Future<Boolean> matches(String presented, String bcryptHash) {
        Digest key = Digest.of(bcryptHash, presented);
        Boolean known = verified.get(key);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        Promise<Boolean> mine = Promise.promise();
        Future<Boolean> shared = running.putIfAbsent(key, mine.future());
        if (shared != null) {
            return CallerContext.of(shared);
        }
        Boolean justVerified = verified.get(key); // a run that ended between the lookup above and now
        if (justVerified != null) {
            running.remove(key, mine.future());
            mine.complete(justVerified);
            return mine.future();
        }
        bcryptRuns.incrementAndGet();
        executor.executeBlocking(() -> BCrypt.verifyer().verify(bcryptInput(presented), bcryptHash).verified, false)
                .onSuccess(result -> remember(key, result)) // cached before the run is forgotten: no window for a second bcrypt
                .onComplete(ar -> {
                    running.remove(key);
                    mine.handle(ar);
                });
        return mine.future();
    }

    int cachedEntries() {
        return verified.size();
    }

    long bcryptRuns() {
        return bcryptRuns.get();
    }

    private void remember(Digest key, boolean result) {
        if (verified.size() >= maxEntries) {
            // Bounded without bookkeeping: an arbitrary eighth goes, costing one bcrypt each when next presented.
            int drop = Math.max(1, maxEntries / 8);
            var keys = verified.keySet().iterator();
            for (int i = 0; i < drop && keys.hasNext(); i++) {
                keys.next();
                keys.remove();
            }
        }
        verified.put(key, result);
    }

    /**
     * bcrypt reads at most 72 bytes; longer secrets are pre-hashed so that every byte counts
     * (and so that two long secrets sharing a 72-byte prefix never match each other).
     */
    private static char[] bcryptInput(String secret) {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BCRYPT_INPUT) {
            return secret.toCharArray();
        }
        return java.util.HexFormat.of().formatHex(sha256(utf8)).toCharArray();
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                md.update(part);
                md.update((byte) 0);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Digest(byte[] value) {
        static Digest of(String hash, String presented) {
            return new Digest(sha256(hash.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(value, d.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }
    }
}
