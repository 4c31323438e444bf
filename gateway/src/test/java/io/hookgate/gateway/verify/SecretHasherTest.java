package io.hookgate.gateway.verify;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bcrypt through a real worker executor: correctness, staying off the event loop, and the verified-digest cache. */
class SecretHasherTest {
    private static final String SECRET = "correct horse battery staple";
    private static Vertx vertx;
    private static WorkerExecutor workers;
    private static String hashOfSecret;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        workers = vertx.createSharedWorkerExecutor("bcrypt-test", 2);
        hashOfSecret = SecretHasher.hashNow(SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hashesAreCost10BcryptWithAFreshSaltEachTime() {
        SecretHasher hasher = new SecretHasher(workers, 100);

        String a = await(hasher.hash("s3cret-value"));
        String b = await(hasher.hash("s3cret-value"));

        assertThat(a).startsWith("$2a$10$").hasSize(60).isNotEqualTo(b);
        assertThat(a).doesNotContain("s3cret");
    }

    @Test
    void theRightSecretMatchesAndAWrongOneDoesNot() {
        SecretHasher hasher = new SecretHasher(workers, 100);

        assertThat(await(hasher.matches(SECRET, hashOfSecret))).isTrue();
        assertThat(await(hasher.matches(SECRET + " ", hashOfSecret))).isFalse();
        assertThat(await(hasher.matches("Correct horse battery staple", hashOfSecret))).isFalse();
    }

    @Test
    void bcryptRunsOffTheEventLoopAndAnswersOnTheCallersContext() throws Exception {
        SecretHasher hasher = new SecretHasher(workers, 100);
        Context context = vertx.getOrCreateContext();
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();

        context.runOnContext(v -> {
            hasher.matches(SECRET, hashOfSecret).onComplete(ar -> {
                events.add("bcrypt answered " + ar.result() + (Context.isOnEventLoopThread() ? " on the event loop" : " elsewhere"));
                done.complete(null);
            });
            context.runOnContext(x -> events.add("event loop free"));
        });
        done.get(20, TimeUnit.SECONDS);

        assertThat(events).containsExactly("event loop free", "bcrypt answered true on the event loop");
    }

    @Test
    void aRepeatedCheckIsAnsweredFromTheCacheWithoutBcrypt() {
        SecretHasher hasher = new SecretHasher(workers, 100);
        await(hasher.matches(SECRET, hashOfSecret));
        await(hasher.matches("forged", hashOfSecret));

        Future<Boolean> right = hasher.matches(SECRET, hashOfSecret);
        Future<Boolean> wrong = hasher.matches("forged", hashOfSecret);

        assertThat(right.isComplete()).as("no worker round trip").isTrue();
        assertThat(right.result()).isTrue();
        assertThat(wrong.isComplete()).as("failures are cached too").isTrue();
        assertThat(wrong.result()).isFalse();
        assertThat(hasher.cachedEntries()).isEqualTo(2);
    }

    @Test
    void aRotatedHashNeverMatchesThroughTheOldEntry() {
        SecretHasher hasher = new SecretHasher(workers, 100);
        await(hasher.matches(SECRET, hashOfSecret));
        String rotated = SecretHasher.hashNow("the new secret");

        Future<Boolean> old = hasher.matches(SECRET, rotated);

        assertThat(old.isComplete()).as("a new hash is a new cache key").isFalse();
        assertThat(await(old)).isFalse();
        assertThat(hasher.cachedEntries()).isEqualTo(2);
    }

    @Test
    void concurrentFirstChecksOfOneSecretShareOneBcryptAndEachAnswersOnItsCallersContext() throws Exception {
        SecretHasher hasher = new SecretHasher(workers, 100);
        List<String> answers = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Void> answered = new CompletableFuture<>();
            done.add(answered);
            context.runOnContext(v -> hasher.matches(SECRET, hashOfSecret).onComplete(ar -> {
                answers.add(ar.result() + (Vertx.currentContext() == context ? " on its context" : " elsewhere"));
                answered.complete(null);
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(answers).hasSize(16).containsOnly("true on its context");
        assertThat(hasher.bcryptRuns()).as("one bcrypt for the whole burst").isEqualTo(1);
        assertThat(hasher.matches(SECRET, hashOfSecret).isComplete()).as("and cached after it").isTrue();
    }

    @Test
    void theCacheIsBoundedAndKeepsMostOfItsEntriesWhenFull() {
        SecretHasher bounded = new SecretHasher(workers, 16);
        for (int i = 0; i < 17; i++) {
            await(bounded.matches("wrong-" + i, hashOfSecret));
        }
        assertThat(bounded.cachedEntries()).as("an eighth dropped, not everything").isEqualTo(15);
    }

    @Test
    void theCacheIsBounded() {
        SecretHasher hasher = new SecretHasher(workers, 2);

        for (String presented : new String[]{"a-wrong-one", "b-wrong-one", "c-wrong-one"}) {
            await(hasher.matches(presented, hashOfSecret));
            assertThat(hasher.cachedEntries()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void everyByteOfALongSecretCounts() {
        String prefix = "p".repeat(72);
        String longHash = SecretHasher.hashNow(prefix + "-one");
        SecretHasher hasher = new SecretHasher(workers, 100);

        assertThat(await(hasher.matches(prefix + "-one", longHash))).isTrue();
        assertThat(await(hasher.matches(prefix + "-two", longHash))).as("same first 72 bytes").isFalse();
        assertThat(await(hasher.matches(prefix, longHash))).as("the 72-byte prefix alone").isFalse();
    }

    @Test
    void secretsAroundBcrypts72ByteLimitWorkCountingUtf8Bytes() {
        String exactly72 = "é".repeat(36);
        String over72 = "é".repeat(37);
        String hash72 = SecretHasher.hashNow(exactly72);
        String hashOver = SecretHasher.hashNow(over72);
        SecretHasher hasher = new SecretHasher(workers, 100);

        assertThat(await(hasher.matches(exactly72, hash72))).isTrue();
        assertThat(await(hasher.matches(over72, hashOver))).isTrue();
        assertThat(await(hasher.matches(exactly72, hashOver))).isFalse();
    }

    @Test
    void aStoredValueThatIsNotABcryptHashNeverMatches() {
        SecretHasher hasher = new SecretHasher(workers, 100);

        assertThat(await(hasher.matches(SECRET, "not-a-hash"))).isFalse();
        assertThat(await(hasher.matches(SECRET, "$2a$10$tooShort"))).isFalse();
    }
}
