package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.ForkedLoad;
import io.hookgate.deploy.support.Load;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: one flooding connection must not raise another connection's p99 by more than 2×. A quiet connection
 * sends at a modest fixed rate (open loop, latency from each request's intended send time), measured alone and
 * then while a connection of another organisation keeps many requests in flight — alternately, in the same
 * run, a few rounds, the medians compared, so a loaded CI machine moves both sides alike. Both loads run in JVMs
 * of their own, so the flood's client-side garbage never pauses the server (or the quiet client) it measures.
 */
class FairnessTest {
    private static final int QUIET_PER_SECOND = 200;
    private static final double ROUND_SECONDS = 2;
    private static final int ROUNDS = 6;
    private static final int FLOOD_CONCURRENCY = 128;
    private static final int MIN_WARMUP_ROUNDS = 6;
    private static final int MAX_WARMUP_ROUNDS = 20;
    private static Hookgate app;
    private static String quiet;
    private static String noisy;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_ACCESS_LOG", "false"), BatchObserver.NONE);
        quiet = connection(TestDatabase.newTenant().testKey(), "Quiet");
        noisy = connection(TestDatabase.newTenant().testKey(), "Noisy");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aFloodingConnectionRaisesAQuietConnectionsP99ByAtMostTwoTimes() throws Exception {
        // The flood stands for a sender on another machine: its client's own CPU use must not come out of the cores
        // the server and the quiet sender share, so it runs below them.
        try (ForkedLoad quietLoad = new ForkedLoad(app.ingestPort(), 16);
             ForkedLoad noisyLoad = new ForkedLoad(app.ingestPort(), FLOOD_CONCURRENCY, ForkedLoad.Priority.BACKGROUND)) {
            warmUp(quietLoad, noisyLoad);
            // Each round's p99 is its 4th-worst request, so one pause of the server's JVM (a collection, the
            // machine's other work) can double it: up to three measurements decide. Unfairness (3.0-4.4 before the fair
            // share existed, p50 rising 5x as well) fails all three.
            double ratio = measure(quietLoad, noisyLoad);
            for (int attempt = 2; attempt <= 3 && ratio > 2; attempt++) {
                System.out.printf("fairness: ratio %.2f; measurement %d%n", ratio, attempt);
                ratio = measure(quietLoad, noisyLoad);
            }
            assertThat(ratio).as("p99 while flooded / p99 alone").isLessThanOrEqualTo(2);
        }
    }

    /**
     * Both loads together, in rounds, until the flood's pace has settled (at least {@link #MIN_WARMUP_ROUNDS}, then
     * two rounds in a row within 5 % of the one before): the server's paths and both load JVMs compiled before
     * anything is measured. A fixed warm-up was too short on a slow machine (the flood's pace still doubled over the
     * measured rounds, the first rounds' p99 with it), and one settled round alone was a plateau between
     * compilations.
     */
    private static void warmUp(ForkedLoad quietLoad, ForkedLoad noisyLoad) {
        long previous = 0;
        int settled = 0;
        for (int round = 0; round < MAX_WARMUP_ROUNDS; round++) {
            ForkedLoad.Flood flood = noisyLoad.flood(noisy, FLOOD_CONCURRENCY);
            quietLoad.openLoop(quiet, QUIET_PER_SECOND, ROUND_SECONDS);
            long served = flood.stop().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("fairness warm-up round %d: flood served %d%n", round, served);
            settled = Math.abs(served - previous) <= previous * 0.05 ? settled + 1 : 0;
            if (round + 1 >= MIN_WARMUP_ROUNDS && settled >= 2) {
                return;
            }
            previous = served;
        }
    }

    /** Rounds of the quiet connection alone and then flooded; the ratio of their median p99s. */
    private static double measure(ForkedLoad quietLoad, ForkedLoad noisyLoad) throws Exception {
        List<Double> alone = new ArrayList<>();
        List<Double> flooded = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Load.Run calm = quietLoad.openLoop(quiet, QUIET_PER_SECOND, ROUND_SECONDS);
            ForkedLoad.Flood flood = noisyLoad.flood(noisy, FLOOD_CONCURRENCY);
            Thread.sleep(300);
            Load.Run stormy = quietLoad.openLoop(quiet, QUIET_PER_SECOND, ROUND_SECONDS);
            Map<Integer, Long> noisyStatuses = flood.stop();
            System.out.printf("fairness round %d: quiet alone p50 %.2f p99 %.2f ms; flooded p50 %.2f p99 %.2f ms %s; noisy %s%n",
                    round, calm.percentile(50), calm.percentile(99), stormy.percentile(50), stormy.percentile(99),
                    stormy.statuses(), noisyStatuses);
            assertThat(calm.count(202)).as("the quiet connection alone is never refused").isEqualTo(calm.latenciesMs().length)
                    .isEqualTo((int) (QUIET_PER_SECOND * ROUND_SECONDS));
            assertThat(stormy.count(202)).as("the quiet connection is never refused during the flood")
                    .isEqualTo((int) (QUIET_PER_SECOND * ROUND_SECONDS));
            alone.add(calm.percentile(99));
            flooded.add(stormy.percentile(99));
        }
        double aloneP99 = median(alone);
        double floodedP99 = median(flooded);
        System.out.printf("fairness: quiet p99 alone %.2f ms, while flooded %.2f ms (median of %d rounds), ratio %.2f; best rounds %.2f / %.2f = %.2f%n",
                aloneP99, floodedP99, ROUNDS, floodedP99 / aloneP99, best(alone), best(flooded), best(flooded) / best(alone));
        return floodedP99 / aloneP99;
    }

    private static double best(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String connection(String apiKey, String name) {
        return new Http.Admin(app.adminPort(), apiKey).post("/api/v1/connections", new JsonObject().put("name", name)
                .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
    }
}
