package io.hookgate.bench.jmh;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.hookgate.gateway.verify.SecretHasher;
import io.hookgate.gateway.verify.SharedSecretVerifier;
import io.hookgate.gateway.verify.SignedRequest;
import io.hookgate.gateway.verify.Verification;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code SHARED_SECRET}: with the verified-digest cache warm (every request after the first), and cold
 * (one bcrypt at cost 10, what the first request with a secret pays, on the worker executor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SharedSecretBenchmark {
    private static final String SECRET = "shared-secret-0123456789abcdef";
    private Vertx vertx;
    private WorkerExecutor executor;
    private SharedSecretVerifier verifier;
    private SignedRequest request;
    private String hash;

    @Setup(Level.Trial)
    public void setUp() {
        vertx = Vertx.vertx();
        executor = vertx.createSharedWorkerExecutor("bench-bcrypt", 2);
        hash = SecretHasher.hashNow(SECRET);
        verifier = new SharedSecretVerifier(List.of(hash), new SecretHasher(executor, 10_000));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-webhook-secret", SECRET);
        request = new SignedRequest("POST", "/webhooks/in/con_x", headers, MultiMap.caseInsensitiveMultiMap(),
                VerifierBenchmark.body());
        if (!warm().verified()) {
            throw new IllegalStateException("the shared secret does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        vertx.close();
    }

    @Benchmark
    public Verification warm() {
        return verifier.verify(request).toCompletionStage().toCompletableFuture().join();
    }

    @Benchmark
    @Measurement(iterations = 3, time = 2)
    public boolean coldBcrypt() {
        return BCrypt.verifyer().verify(SECRET.toCharArray(), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
