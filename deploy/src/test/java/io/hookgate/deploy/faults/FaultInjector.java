package io.hookgate.deploy.faults;

import io.hookgate.deploy.topology.HookgateProcess;
import io.hookgate.deploy.topology.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Injects one fault at a random moment of the steady traffic, lifts it after a random time, and measures the
 * recovery: the time from the fault's end (the killed process back, the broker serving or resumed, PostgreSQL
 * accepting connections) until the path it broke works again — for a killed dispatcher, which is not
 * restarted first, from the kill until the survivor has taken its partitions over.
 */
final class FaultInjector {
    /**
     * What one injection showed: its recovery time (still to come while a killed process restarts in the
     * background), and the gateways' answers while the broker was away.
     */
    record Injection(CompletableFuture<Duration> recovery, List<Probe.Answer> outageAnswers) {
        static Injection recovered(Duration recovery, List<Probe.Answer> outageAnswers) {
            return new Injection(CompletableFuture.completedFuture(recovery), outageAnswers);
        }
    }

    static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2");
    /**
     * Killed in turn, each restarting in the background while the next repetitions go on; a kill waits until
     * every dispatcher but the previous victim is back, so at least one is always serving.
     */
    static final List<String> DISPATCHERS = List.of("dispatcher-1", "dispatcher-2", "dispatcher-3");
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    private static final Duration READY_LIMIT = Duration.ofSeconds(150);

    private final Topology topology;
    private final PostgresCluster postgres;
    private final Probe probe;
    private final Random random;
    private final Duration publishTimeout;
    private final Map<String, CompletableFuture<Duration>> restarts = new HashMap<>();
    private String lastVictim;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    FaultInjector(Topology topology, PostgresCluster postgres, Probe probe, Random random, Duration publishTimeout) {
        this.topology = topology;
        this.postgres = postgres;
        this.probe = probe;
        this.random = random;
        this.publishTimeout = publishTimeout;
    }

    Injection inject(Fault fault, int repetition) {
        Pause.of(between(100, 600)); // traffic flows for a while before each fault, never the same while
        return switch (fault) {
            case GATEWAY_KILL -> killGateway(GATEWAYS.get(repetition % GATEWAYS.size()));
            case DISPATCHER_KILL -> killDispatcher(DISPATCHERS.get(repetition % DISPATCHERS.size()));
            case BROKER_KILL -> killBroker();
            case POSTGRES_RESTART -> restartPostgres();
            case BROKER_STALL -> stallBroker();
        };
    }

    /** Recovery: from the restarted gateway's ready line to its first 202. Only one gateway is ever down. */
    private Injection killGateway(String victim) {
        awaitRestarts();
        kill(victim);
        Pause.of(between(0, 300));
        return new Injection(restartInBackground(victim, () -> {
            int port = topology.restart(victim).ingestPort().orElseThrow();
            return probe.awaitAccepted(List.of(port), RECOVERY_LIMIT);
        }), List.of());
    }

    /** Recovery: from the kill until the survivors have taken the victim's partitions over (a webhook on each is stored). */
    private Injection killDispatcher(String victim) {
        List.copyOf(restarts.keySet()).stream().filter(name -> !name.equals(lastVictim)).forEach(this::awaitBack);
        lastVictim = victim;
        kill(victim);
        long killed = System.nanoTime();
        List<String> onEveryPartition = probe.acceptedOnEveryConnection(gatewayPorts().getFirst(), RECOVERY_LIMIT);
        new Ledger(topology.database()).awaitInHistory(onEveryPartition, RECOVERY_LIMIT);
        Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
        restartInBackground(victim, () -> {
            topology.restart(victim);
            return Duration.ZERO;
        });
        return Injection.recovered(recovery, List.of());
    }

    private CompletableFuture<Duration> restartInBackground(String name, Supplier<Duration> restart) {
        CompletableFuture<Duration> restarted = CompletableFuture.supplyAsync(restart, background);
        restarts.put(name, restarted);
        return restarted;
    }

    /** Returns once every process this injector killed is running again. */
    void awaitRestarts() {
        List.copyOf(restarts.keySet()).forEach(this::awaitBack);
    }

    private void awaitBack(String name) {
        CompletableFuture<Duration> restarted = restarts.remove(name);
        if (restarted == null) {
            return;
        }
        try {
            restarted.get(READY_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " did not come back", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " was not back within " + READY_LIMIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private Injection killBroker() {
        topology.broker().kill();
        List<Probe.Answer> answers = outage(publishTimeout.plus(between(500, 1500)));
        topology.broker().restart();
        return Injection.recovered(probe.awaitAccepted(gatewayPorts(), RECOVERY_LIMIT), answers);
    }

    private Injection stallBroker() {
        topology.broker().stall();
        List<Probe.Answer> answers;
        try {
            answers = outage(publishTimeout.plus(between(500, 1500)));
        } finally {
            topology.broker().resume();
        }
        return Injection.recovered(probe.awaitAccepted(gatewayPorts(), RECOVERY_LIMIT), answers);
    }

    /** {@code immediate} is a crash (recovery from WAL at start), {@code fast} a clean shutdown that cuts every session. */
    private Injection restartPostgres() {
        postgres.stop(random.nextBoolean() ? "immediate" : "fast");
        Pause.of(between(0, 700));
        postgres.startServer();
        long started = System.nanoTime();
        List<String> onEveryPartition = probe.acceptedOnEveryConnection(gatewayPorts().getFirst(), RECOVERY_LIMIT);
        new Ledger(topology.database()).awaitInHistory(onEveryPartition, RECOVERY_LIMIT);
        return Injection.recovered(Duration.ofNanos(System.nanoTime() - started), List.of());
    }

    /**
     * Probes the gateways, alternately, for {@code length} (at least the publish timeout and 500 ms): only with
     * requests that must be answered before the broker returns, so every answer is one given while it was away.
     * The first probe is sent at once, whatever else took time since {@code length} was drawn: the loop's
     * condition alone would send none when the draw left a window of a few milliseconds (one injection of ten
     * without an answer failed a CI run).
     */
    private List<Probe.Answer> outage(Duration length) {
        long end = System.nanoTime() + length.toNanos();
        long lastStart = end - publishTimeout.plusMillis(500).toNanos();
        List<Probe.Answer> answers = new ArrayList<>();
        List<Integer> ports = gatewayPorts();
        int i = 0;
        do {
            answers.add(probe.send(ports.get(i % ports.size())));
            i++;
        } while (System.nanoTime() < lastStart);
        long left = end - System.nanoTime();
        if (left > 0) {
            Pause.of(Duration.ofNanos(left));
        }
        return answers;
    }

    private void kill(String name) {
        HookgateProcess victim = topology.process(name);
        victim.process().kill();
        if (victim.process().awaitExit(EXIT_WAIT).isEmpty()) {
            throw new IllegalStateException(name + " still alive " + EXIT_WAIT + " after SIGKILL");
        }
    }

    List<Integer> gatewayPorts() {
        return GATEWAYS.stream().map(name -> topology.process(name).ingestPort().orElseThrow()).toList();
    }

    private Duration between(int minMillis, int maxMillis) {
        return Duration.ofMillis(minMillis + random.nextInt(maxMillis - minMillis + 1));
    }
}
