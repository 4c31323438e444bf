package io.hookgate.deploy.support;

import io.hookgate.deploy.Hookgate;
import io.hookgate.deploy.HookgateConfig;
import io.hookgate.dispatcher.consume.BatchObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Starts Hookgate in-process, all roles, on free ports, against a given broker and the test database. */
public final class TestApp {
    /**
     * One fixed master key for every test app, as a real multi-process deployment shares one: the test database
     * outlives a run, and any run's delivery worker may claim deliveries an earlier run scheduled.
     */
    private static final String MASTER_KEY = "aG9va2dhdGUtdGVzdC1tYXN0ZXIta2V5LTMyYnl0ZXM=";
    private TestApp() {
    }

    public static Hookgate start(String kafkaBootstrap) {
        return start(kafkaBootstrap, Map.of(), BatchObserver.NONE);
    }

    public static Hookgate start(String kafkaBootstrap, Map<String, String> overrides, BatchObserver observer) {
        return start(kafkaBootstrap, overrides, observer, Clock.systemUTC());
    }

    public static Hookgate start(String kafkaBootstrap, Map<String, String> overrides, BatchObserver observer, Clock clock) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOOKGATE_INGEST_PORT", "0");
        env.put("HOOKGATE_ADMIN_PORT", "0");
        env.put("HOOKGATE_MANAGEMENT_PORT", "0");
        env.put("HOOKGATE_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("HOOKGATE_KAFKA_PARTITIONS", "3");
        env.put("HOOKGATE_INGEST_INSTANCES", "2");
        env.put("HOOKGATE_DISPATCHER_POLL_MS", "100");
        env.put("HOOKGATE_DISPATCHER_RETRY_MS", "200");
        env.put("PGDATABASE", TestDatabase.NAME);
        env.put("HOOKGATE_MASTER_KEY", MASTER_KEY);
        env.remove("HOOKGATE_PUBLIC_URL");
        env.remove("HOOKGATE_BOOTSTRAP_API_KEY");
        env.putAll(overrides);
        try {
            env.putIfAbsent("HOOKGATE_DATA_DIR", Files.createTempDirectory("hookgate-data-").toString());
            return Hookgate.start(HookgateConfig.fromEnv(env), clock, observer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
